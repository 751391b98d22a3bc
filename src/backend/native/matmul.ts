/**
 * BatchMatMul and _FusedMatMul on the wasm backend through OpenBLAS sgemm:
 * both transpose flags, any batch dims with broadcasting, and the fused bias
 * and activation. Inputs the addon does not handle (non-float32) go to the
 * kernel that was registered before.
 */
import { broadcast_util } from '@tensorflow/tfjs-core';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { NativeAddon } from './addon.js';
import { applyEpilogue, planEpilogue } from './epilogue.js';
import { heapOf, offsetOf, sizeOf } from './heap.js';

/** Shape facts of one (batched) product. */
interface Product {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly batchDims: number[];
}

function describe(a: TensorInfo, b: TensorInfo, transposeA: boolean,
  transposeB: boolean): Product {
  const [ar, ac] = a.shape.slice(-2);
  const [br, bc] = b.shape.slice(-2);
  const k = transposeA ? ar : ac;
  const kb = transposeB ? bc : br;
  if (k !== kb) {
    throw new Error(`Error in matMul: inner shapes (${k}) and (${kb}) of Tensors with shapes ` +
      `${a.shape} and ${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} ` +
      'must match.');
  }
  const batchDims = broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2),
    b.shape.slice(0, -2));
  return { m: transposeA ? ac : ar, n: transposeB ? br : bc, k, batchDims };
}

/** Index into an operand's flattened batch for output batch `index`. */
function operandBatch(index: number, outDims: number[], dims: number[]): number {
  let result = 0;
  let stride = 1;
  let rest = index;
  for (let i = outDims.length - 1, j = dims.length - 1; i >= 0; i--, j--) {
    const coordinate = rest % outDims[i];
    rest = Math.floor(rest / outDims[i]);
    if (j >= 0) {
      if (dims[j] !== 1) result += coordinate * stride;
      stride *= dims[j];
    }
  }
  return result;
}

/** Computes op(a) op(b) into a new float32 output of shape [...batch, m, n]. */
function multiply(addon: NativeAddon, backend: BackendWasm, a: TensorInfo, b: TensorInfo,
  transposeA: boolean, transposeB: boolean): { out: TensorInfo; product: Product } {
  const product = describe(a, b, transposeA, transposeB);
  const { m, n, k, batchDims } = product;
  const out = backend.makeOutput([...batchDims, m, n], 'float32');
  const heap = heapOf(backend);
  const [pa, pb, pc] = [a, b, out].map((t) => offsetOf(backend, t));
  const batch = sizeOf(batchDims);
  const aDims = a.shape.slice(0, -2);
  const bDims = b.shape.slice(0, -2);
  const aBatch = sizeOf(aDims);
  const bBatch = sizeOf(bDims);
  const ta = transposeA ? 1 : 0;
  const tb = transposeB ? 1 : 0;
  if ((aBatch === batch || aBatch === 1) && (bBatch === batch || bBatch === 1)) {
    addon.gemm(heap, pa, pb, pc, batch, m, n, k, ta, tb,
      aBatch === 1 ? 0 : m * k, bBatch === 1 ? 0 : k * n);
  } else {
    for (let i = 0; i < batch; i++) {
      addon.gemm(heap, pa + 4 * m * k * operandBatch(i, batchDims, aDims),
        pb + 4 * k * n * operandBatch(i, batchDims, bDims), pc + 4 * m * n * i,
        1, m, n, k, ta, tb, 0, 0);
    }
  }
  return { out, product };
}

const isFloat = (...ts: TensorInfo[]): boolean => ts.every((t) => t.dtype === 'float32');

/** The BatchMatMul kernel; `fallback` serves non-float32 inputs. */
export function batchMatMulKernel(addon: NativeAddon, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    if (!isFloat(a, b)) return fallback(args);
    return multiply(addon, args.backend as BackendWasm, a, b, transposeA, transposeB).out;
  };
}

/** The _FusedMatMul kernel; `fallback` serves what the epilogue cannot do. */
export function fusedMatMulKernel(addon: NativeAddon, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as {
      a: TensorInfo; b: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo;
    };
    const attrs = args.attrs as {
      transposeA: boolean; transposeB: boolean; activation?: string; leakyreluAlpha?: number;
    };
    const columns = attrs.transposeB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1];
    const plan = planEpilogue({ ...attrs, bias, preluActivationWeights }, columns);
    if (plan === undefined || !isFloat(a, b)) return fallback(args);
    const backend = args.backend as BackendWasm;
    const { out, product } = multiply(addon, backend, a, b, attrs.transposeA, attrs.transposeB);
    applyEpilogue(addon, backend, plan, out, sizeOf(product.batchDims) * product.m, product.n);
    return out;
  };
}
