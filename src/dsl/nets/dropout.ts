/**
 * Inverted dropout for the DSL's nets, with its mask drawn from strata's
 * seeded stream.
 */
import * as tf from '@tensorflow/tfjs';
import { getKernel } from '@tensorflow/tfjs-core';
import { StrataDropout } from '../../ops/kernel-names.js';
import { fillUniform } from '../../random/prng.js';

/**
 * Inverted dropout: each element is kept with probability 1 - rate and then
 * scaled by 1 / (1 - rate), the mask drawn from strata's seeded stream
 * (fillUniform). On the native backend one kernel draws it (StrataDropout,
 * the same mask); elsewhere it is filled in one loop and costs one Multiply
 * (tf.dropout draws through tfjs's per-number generator and four kernels).
 */
export const dropout = (x: tf.Tensor, rate: number, seed: number): tf.Tensor => {
  if (!(rate >= 0 && rate < 1)) throw new Error(`dropout: rate must be in [0, 1), got ${rate}`);
  if (getKernel(StrataDropout, tf.getBackend()) !== undefined) {
    return tf.engine().runKernel(StrataDropout, { x }, { rate, seed: seed >>> 0 }) as tf.Tensor;
  }
  const scale = 1 / (1 - rate);
  const mask = fillUniform(seed, new Float32Array(x.size));
  for (let i = 0; i < mask.length; i++) mask[i] = mask[i] < rate ? 0 : scale;
  return tf.mul(x, tf.tensor(mask, x.shape, 'float32'));
};
