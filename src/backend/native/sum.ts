/**
 * Sum over leading axes (every bias gradient: dy summed over batch and
 * pixels) on the wasm backend, natively: wasm's own Sum transposes such
 * inputs first. Other axes and dtypes go to the wasm kernel.
 */
import { util } from '@tensorflow/tfjs-core';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { NativeAddon } from './addon.js';
import { heapOf, offsetOf, sizeOf } from './heap.js';

/** The number of leading axes `axis` names, or undefined if it names others. */
function leadingAxes(axis: number | number[], rank: number): number | undefined {
  const axes = util.parseAxisParam(axis, [...Array(rank).keys()].map(() => 1));
  const sorted = [...new Set(axes)].sort((a, b) => a - b);
  return sorted.every((a, i) => a === i) ? sorted.length : undefined;
}

/** The Sum kernel. */
export function sumKernel(addon: NativeAddon, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
    const leading = leadingAxes(axis, x.shape.length);
    if (x.dtype !== 'float32' || leading === undefined || leading === 0) return fallback(args);
    const kept = x.shape.slice(leading);
    const outShape = keepDims ? [...x.shape.slice(0, leading).map(() => 1), ...kept] : kept;
    const backend = args.backend as BackendWasm;
    const out = backend.makeOutput(outShape, 'float32');
    addon.columnSums(heapOf(backend), offsetOf(backend, x), offsetOf(backend, out),
      sizeOf(x.shape.slice(0, leading)), sizeOf(kept));
    return out;
  };
}
