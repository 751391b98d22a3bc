/**
 * The sum of the squares of every element of a list of tensors, such as the
 * squared global norm of all gradients: one StrataSumOfSquares kernel where
 * a backend registers it (src/backend/native/sum-of-squares.ts, accumulated
 * in double precision), a Square and a Sum per tensor elsewhere. Not
 * differentiable through the kernel: the trainer reads it off the gradients,
 * outside any tape.
 */
import * as tf from '@tensorflow/tfjs';
import { getKernel } from '@tensorflow/tfjs-core';
import { addMany } from './add-many.js';
import { StrataSumOfSquares } from './kernel-names.js';

/**
 * The sum over all tensors of the sum of their squared elements, as a
 * scalar: one StrataSumOfSquares kernel on the native backend, a Square and
 * a Sum per tensor elsewhere, added in AddN chunks that fit WebGPU's
 * storage-buffer limit (add-many.ts). 0 for an empty list.
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
