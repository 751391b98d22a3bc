/**
 * StrataSumOfSquares: one kernel (no tfjs counterpart) for the sum of the
 * squares of every element of a list of tensors, such as the squared global
 * norm of all gradients (accumulated in double precision), in place of a
 * Square and a Sum per tensor. {@link sumOfSquares} uses it where it is
 * registered and tf ops elsewhere.
 */
import * as tf from '@tensorflow/tfjs';
import { getKernel } from '@tensorflow/tfjs-core';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { addMany } from '../../ops/add-many.js';
import type { NativeAddon } from './addon.js';
import { heapOf, offsetOf, sizeOf } from './heap.js';

/** The kernel's name, for tf.engine().runKernel. */
export const StrataSumOfSquares = 'StrataSumOfSquares';

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

/**
 * The sum over all tensors of the sum of their squared elements, as a
 * scalar: one StrataSumOfSquares kernel on the native backend, a Square and
 * a Sum per tensor elsewhere, added in AddN chunks that fit WebGPU's
 * storage-buffer limit (webgpu-limits.ts). 0 for an empty list.
 */
export function sumOfSquares(tensors: readonly tf.Tensor[]): tf.Scalar {
  if (tensors.length === 0) return tf.scalar(0);
  if (getKernel(StrataSumOfSquares, tf.getBackend()) === undefined) {
    return tf.tidy(() => addMany(tensors.map((t) => tf.sum(tf.square(t)))) as tf.Scalar);
  }
  const inputs: Record<string, tf.Tensor> = {};
  tensors.forEach((t, i) => { inputs[`x${i}`] = t; });
  return tf.engine().runKernel(StrataSumOfSquares, inputs) as tf.Scalar;
}
