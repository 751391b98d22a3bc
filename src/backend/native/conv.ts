/**
 * Conv2D, Conv2DBackpropInput, Conv2DBackpropFilter and FusedConv2D on the
 * wasm backend as im2col + OpenBLAS sgemm (NHWC; strides, dilations, same,
 * valid and explicit padding). NCHW, non-float32 inputs and epilogues the
 * addon cannot do go to the kernel registered before.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { NativeAddon } from './addon.js';
import { applyEpilogue, planEpilogue } from './epilogue.js';
import { convGeometry, type ConvAttrs, type Geometry } from './geometry.js';
import { heapOf, offsetOf } from './heap.js';

type ConvCall = (heap: ArrayBuffer, first: number, second: number, out: number,
  geometry: Int32Array) => void;

/** Allocates the output and runs one addon convolution over two operands. */
function run(backend: BackendWasm, call: ConvCall, first: TensorInfo, second: TensorInfo,
  outShape: number[], geometry: Geometry): TensorInfo {
  const out = backend.makeOutput(outShape, 'float32');
  call(heapOf(backend), offsetOf(backend, first), offsetOf(backend, second),
    offsetOf(backend, out), geometry.packed);
  return out;
}

const isFloat = (...ts: TensorInfo[]): boolean => ts.every((t) => t.dtype === 'float32');

/** The Conv2D kernel. */
export function conv2dKernel(addon: NativeAddon, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
    const geometry = convGeometry(x.shape, filter.shape, args.attrs as unknown as ConvAttrs);
    if (geometry === undefined || !isFloat(x, filter)) return fallback(args);
    return run(args.backend as BackendWasm, addon.conv2d, x, filter,
      geometry.info.outShape, geometry);
  };
}

/** The Conv2DBackpropInput kernel (dx from dy and the filter). */
export function conv2dBackpropInputKernel(addon: NativeAddon, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as ConvAttrs & { inputShape: number[] };
    const geometry = convGeometry(attrs.inputShape, filter.shape, { ...attrs, dilations: 1 });
    if (geometry === undefined || !isFloat(dy, filter)) return fallback(args);
    return run(args.backend as BackendWasm, addon.conv2dBackpropInput, dy, filter,
      geometry.info.inShape, geometry);
  };
}

/** The Conv2DBackpropFilter kernel (dw from x and dy). */
export function conv2dBackpropFilterKernel(addon: NativeAddon, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
    const attrs = args.attrs as unknown as ConvAttrs & { filterShape: number[] };
    const geometry = convGeometry(x.shape, attrs.filterShape, { ...attrs, dilations: 1 });
    if (geometry === undefined || !isFloat(x, dy)) return fallback(args);
    return run(args.backend as BackendWasm, addon.conv2dBackpropFilter, x, dy,
      [...attrs.filterShape], geometry);
  };
}

/** The FusedConv2D kernel: Conv2D, then bias and activation in place. */
export function fusedConv2dKernel(addon: NativeAddon, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x, filter, bias, preluActivationWeights } = args.inputs as {
      x: TensorInfo; filter: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo;
    };
    const attrs = args.attrs as unknown as ConvAttrs & {
      activation?: string; leakyreluAlpha?: number;
    };
    const geometry = convGeometry(x.shape, filter.shape, attrs);
    const columns = filter.shape[3];
    const plan = planEpilogue({ ...attrs, bias, preluActivationWeights }, columns);
    if (geometry === undefined || plan === undefined || !isFloat(x, filter)) {
      return fallback(args);
    }
    const backend = args.backend as BackendWasm;
    const out = run(backend, addon.conv2d, x, filter, geometry.info.outShape, geometry);
    const { batchSize, outHeight, outWidth } = geometry.info;
    applyEpilogue(addon, backend, plan, out, batchSize * outHeight * outWidth, columns);
    return out;
  };
}
