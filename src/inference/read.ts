/**
 * Asynchronous reads of tensor values: the only way strata reads a tensor
 * in training, evaluation and the laws. `dataSync` blocks the thread and on
 * WebGPU needs OffscreenCanvas (absent in Node) and in Chromium returned
 * zeros; `await data()` works on every backend and gives the same values.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Keeps `t` (so an enclosing tf.tidy does not free it before the read ends),
 * reads its values, then disposes it. Call it inside a tidy and await the
 * promise after the tidy returns. The values are a copy (Float32Array for
 * float32 tensors; the backend's typed array otherwise).
 */
export const readKept = async (t: tf.Tensor): Promise<Float32Array> => {
  tf.keep(t);
  try {
    return Float32Array.from(await t.data());
  } finally {
    t.dispose();
  }
};
