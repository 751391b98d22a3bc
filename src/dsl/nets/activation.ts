import * as tf from '@tensorflow/tfjs';
import { getKernel } from '@tensorflow/tfjs-core';
import { StrataDropout } from '../../backend/native/dropout.js';
import { fillUniform } from '../../random/prng.js';
import type { Activation } from './net.js';

/** Applies a named nonlinearity. */
export const activate = (name: Activation, x: tf.Tensor): tf.Tensor => {
  switch (name) {
    case 'relu':
      return tf.relu(x);
    case 'elu':
      return tf.elu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'softplus':
      return tf.softplus(x);
    case 'swish':
      return tf.mul(x, tf.sigmoid(x));
    case 'linear':
      return x;
  }
};

/**
 * Inverted dropout: each element is kept with probability 1 - rate and then
 * scaled by 1 / (1 - rate), the mask drawn from strata's seeded stream
 * (fillUniform). On the native backend one kernel draws it (StrataDropout,
 * the same mask); elsewhere it is filled in one loop and costs one Multiply
 * (tf.dropout draws through tfjs's per-number generator and four kernels).
 */
export const dropout = (x: tf.Tensor, rate: number, seed: number): tf.Tensor => {
  if (getKernel(StrataDropout, tf.getBackend()) !== undefined) {
    return tf.engine().runKernel(StrataDropout, { x }, { rate, seed: seed >>> 0 }) as tf.Tensor;
  }
  const scale = 1 / (1 - rate);
  const mask = fillUniform(seed, new Float32Array(x.size));
  for (let i = 0; i < mask.length; i++) mask[i] = mask[i] < rate ? 0 : scale;
  return tf.mul(x, tf.tensor(mask, x.shape, 'float32'));
};

/** {@link dropout} with rate `rate` when training, identity otherwise. */
export const maybeDropout = (x: tf.Tensor, rate: number, training: boolean, seed: number): tf.Tensor =>
  training && rate > 0 ? dropout(x, rate, seed) : x;
