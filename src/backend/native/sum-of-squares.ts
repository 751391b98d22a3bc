/**
 * StrataSumOfSquares: one kernel (no tfjs counterpart) for the sum of the
 * squares of every element of a list of tensors, such as the squared global
 * norm of all gradients (accumulated in double precision), in place of a
 * Square and a Sum per tensor. The op, with its portable fallback, is
 * src/ops/sum-of-squares.ts.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { NativeAddon } from './addon.js';
import { StrataSumOfSquares } from '../../ops/kernel-names.js';
import { heapOf, offsetOf, sizeOf } from './heap.js';

/** The StrataSumOfSquares kernel: float32 inputs x0..xN-1; a float32 scalar out. */
export function sumOfSquaresKernel(addon: NativeAddon): KernelFunc {
  return (args) => {
    const inputs = Object.values(args.inputs) as TensorInfo[];
    inputs.forEach((x, i) => {
      if (x.dtype !== 'float32') {
        throw new Error(`${StrataSumOfSquares}: x${i} must be float32, got ${x.dtype}`);
      }
    });
    const backend = args.backend as BackendWasm;
    const out = backend.makeOutput([], 'float32');
    const table = Float64Array.from(inputs.flatMap((x) => [offsetOf(backend, x), sizeOf(x.shape)]));
    addon.sumOfSquares(heapOf(backend), table, offsetOf(backend, out));
    return out;
  };
}
