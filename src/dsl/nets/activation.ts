import * as tf from '@tensorflow/tfjs';
import { dropout } from '../../ops/dropout.js';
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

/** {@link dropout} with rate `rate` when training, identity otherwise. */
export const maybeDropout = (x: tf.Tensor, rate: number, training: boolean, seed: number): tf.Tensor =>
  training && rate > 0 ? dropout(x, rate, seed) : x;
