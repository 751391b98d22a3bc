import * as tf from '@tensorflow/tfjs';
import type { BernoulliSpec } from './distribution.js';

/** Logits [N, ...shape] of independent Bernoulli variables. */
export interface BernoulliParams {
  readonly logits: tf.Tensor;
}

/** Reads a net's raw output as Bernoulli logits. */
export const bernoulliParams = (spec: BernoulliSpec, raw: tf.Tensor): BernoulliParams => ({
  logits: raw.reshape([raw.shape[0], ...spec.shape]),
});

/**
 * Elementwise log Bern(x; sigmoid(l)) = x l - softplus(l), exact and finite
 * for any finite logit.
 */
export const bernoulliLogProbElements = (p: BernoulliParams, x: tf.Tensor): tf.Tensor =>
  tf.sub(tf.mul(x, p.logits), tf.softplus(p.logits));

/** Draws x = 1[u < sigmoid(l)], u ~ U(0, 1) from `seed` (not reparameterized). */
export const bernoulliSample = (p: BernoulliParams, seed: number): tf.Tensor =>
  tf.cast(tf.less(tf.randomUniform(p.logits.shape, 0, 1, 'float32', seed), tf.sigmoid(p.logits)), 'float32');

/** The mean sigmoid(l), used to show reconstructions and samples as images. */
export const bernoulliMean = (p: BernoulliParams): tf.Tensor => tf.sigmoid(p.logits);
