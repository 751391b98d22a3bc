/**
 * Inverted dropout for the DSL's nets, with its mask drawn from strata's
 * seeded stream: the op, its portable fallback and the gradient of its
 * kernel (StrataDropout, implemented natively in
 * src/backend/native/dropout.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { getGradient, getKernel, registerGradient } from '@tensorflow/tfjs-core';
import { fillUniform } from '../random/prng.js';
import { StrataDropout, type StrataDropoutAttrs } from './kernel-names.js';

/**
 * Inverted dropout: each element is kept with probability 1 - rate and then
 * scaled by 1 / (1 - rate), the mask drawn from strata's seeded stream
 * (fillUniform). Where a backend registers StrataDropout one kernel draws it
 * (the same mask); elsewhere it is filled in one loop and costs one Multiply
 * (tf.dropout draws through tfjs's per-number generator and four kernels).
 * Throws for a rate outside [0, 1).
 */
export const dropout = (x: tf.Tensor, rate: number, seed: number): tf.Tensor => {
  if (!(rate >= 0 && rate < 1)) throw new Error(`dropout: rate must be in [0, 1), got ${rate}`);
  if (getKernel(StrataDropout, tf.getBackend()) !== undefined) {
    registerDropoutGradient();
    const attrs: StrataDropoutAttrs = { rate, seed: seed >>> 0 };
    return tf.engine().runKernel(StrataDropout, { x }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
  }
  const scale = 1 / (1 - rate);
  const mask = fillUniform(seed, new Float32Array(x.size));
  for (let i = 0; i < mask.length; i++) mask[i] = mask[i] < rate ? 0 : scale;
  return tf.mul(x, tf.tensor(mask, x.shape, 'float32'));
};

/**
 * Registers the gradient of StrataDropout (once): the same kernel on dy,
 * whose seed redraws the same mask. A backend that registers the kernel
 * calls it; {@link dropout} calls it before running the kernel.
 */
export function registerDropoutGradient(): void {
  if (getGradient(StrataDropout) !== undefined) return;
  registerGradient({
    kernelName: StrataDropout,
    gradFunc: (dy, _saved, attrs) => ({
      x: () => tf.engine().runKernel(StrataDropout, { x: dy as tf.Tensor }, attrs) as tf.Tensor,
    }),
  });
}
