import * as tf from '@tensorflow/tfjs';
import type { CategoricalSpec } from './distribution.js';
import { sumEvent } from './event.js';

/** Normalized log-probabilities [N, ...shape, classes]. */
export interface CategoricalParams {
  readonly logProbs: tf.Tensor;
}

/** Reads a net's raw output as logits and normalizes them with logSoftmax. */
export const categoricalParams = (spec: CategoricalSpec, raw: tf.Tensor): CategoricalParams => ({
  logProbs: tf.logSoftmax(raw.reshape([raw.shape[0], ...spec.shape, spec.classes])),
});

/** The uniform Categorical over `classes` values for `n` samples of `shape`. */
export const uniformCategoricalParams = (n: number, spec: CategoricalSpec): CategoricalParams => ({
  logProbs: tf.fill([n, ...spec.shape, spec.classes], -Math.log(spec.classes)),
});

/**
 * Elementwise log Cat(x; softmax(l)) [N, ...shape]; x holds class indices
 * (any numeric dtype). Elements equal to `padId` contribute 0; values
 * outside the support (not an integer in 0..classes-1) give -inf, never
 * the 0 nats a zero one-hot row would.
 */
export const categoricalLogProbElements = (spec: CategoricalSpec, p: CategoricalParams, x: tf.Tensor): tf.Tensor => {
  const xf = tf.cast(x, 'float32');
  const index = tf.cast(xf, 'int32');
  const picked = tf.sum(tf.mul(p.logProbs, tf.oneHot(index.flatten(), spec.classes).reshape(p.logProbs.shape)), -1);
  const valid = tf.logicalAnd(tf.logicalAnd(tf.greaterEqual(xf, 0), tf.less(xf, spec.classes)), tf.equal(xf, tf.floor(xf)));
  const scored = tf.where(valid, picked, tf.fill(picked.shape, -Infinity));
  return spec.padId === undefined ? scored : tf.where(tf.equal(xf, spec.padId), tf.zerosLike(scored), scored);
};

/**
 * log Cat(x; softmax(raw)) summed over the event, [N]. `raw` is what a net
 * head emits: [N, ...shape, classes] unnormalized logits (any shift of a
 * row gives the same distribution); x [N, ...shape] holds class indices in
 * 0..classes-1 (or `padId`, scored 0); other values give -inf.
 */
export const categoricalLogProb = (spec: CategoricalSpec, raw: tf.Tensor, x: tf.Tensor): tf.Tensor1D =>
  sumEvent(categoricalLogProbElements(spec, categoricalParams(spec, raw), x));

/** Draws class indices (as float32) by the Gumbel-max trick from `seed`. */
export const categoricalSample = (p: CategoricalParams, seed: number): tf.Tensor => {
  const u = tf.randomUniform(p.logProbs.shape, 1e-7, 1 - 1e-7, 'float32', seed);
  const gumbel = tf.neg(tf.log(tf.neg(tf.log(u))));
  return tf.cast(tf.argMax(tf.add(p.logProbs, gumbel), -1), 'float32');
};

/** Elementwise entropy -sum_c p_c log p_c [N, ...shape]. */
export const categoricalEntropyElements = (p: CategoricalParams): tf.Tensor =>
  tf.neg(tf.sum(tf.mul(tf.exp(p.logProbs), p.logProbs), -1));

/** The probabilities softmax(l) [N, ...shape, classes]. */
export const categoricalProbs = (p: CategoricalParams): tf.Tensor => tf.exp(p.logProbs);
