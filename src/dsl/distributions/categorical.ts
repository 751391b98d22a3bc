import * as tf from '@tensorflow/tfjs';
import type { CategoricalSpec } from './distribution.js';
import { sumEvent } from './event.js';
import { logSoftmaxAt } from '../../ops/softmax-cross-entropy.js';

/**
 * A Categorical's parameters: the logits [N, ...shape, classes] (any shift
 * of a row gives the same distribution) and, computed from them on each
 * read (in the caller's tidy scope), the normalized log-probabilities of
 * the same shape. Scoring reads only the logits, so a vocabulary-sized
 * logSoftmax is never made for the likelihood.
 */
export interface CategoricalParams {
  readonly logits: tf.Tensor;
  readonly logProbs: tf.Tensor;
}

/** Parameters from logits; logProbs is logSoftmax(logits), made when read. */
const fromLogits = (logits: tf.Tensor): CategoricalParams => ({
  logits,
  get logProbs() {
    return tf.logSoftmax(logits);
  },
});

/** Reads a net's raw output as the logits [N, ...shape, classes]. */
export const categoricalParams = (spec: CategoricalSpec, raw: tf.Tensor): CategoricalParams =>
  fromLogits(raw.reshape([raw.shape[0], ...spec.shape, spec.classes]));

/** The uniform Categorical over `classes` values for `n` samples of `shape`. */
export const uniformCategoricalParams = (n: number, spec: CategoricalSpec): CategoricalParams =>
  fromLogits(tf.fill([n, ...spec.shape, spec.classes], -Math.log(spec.classes)));

/**
 * Elementwise log Cat(x; softmax(l)) [N, ...shape]; x holds class indices
 * (any numeric dtype). Elements equal to `padId` contribute 0; values
 * outside the support (not an integer in 0..classes-1) give -inf, never
 * the 0 nats a zero one-hot row would. One fused op over the logits
 * (src/ops/softmax-cross-entropy.ts): no [..., classes] temporaries.
 */
export const categoricalLogProbElements = (spec: CategoricalSpec, p: CategoricalParams, x: tf.Tensor): tf.Tensor => {
  const xf = tf.cast(x, 'float32');
  const scored = logSoftmaxAt(p.logits.reshape([-1, spec.classes]), xf.flatten()).reshape(xf.shape);
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
  const u = tf.randomUniform(p.logits.shape, 1e-7, 1 - 1e-7, 'float32', seed);
  const gumbel = tf.neg(tf.log(tf.neg(tf.log(u))));
  return tf.cast(tf.argMax(tf.add(p.logits, gumbel), -1), 'float32');
};

/** Elementwise entropy -sum_c p_c log p_c [N, ...shape]. */
export const categoricalEntropyElements = (p: CategoricalParams): tf.Tensor =>
  tf.neg(tf.sum(tf.mul(tf.exp(p.logProbs), p.logProbs), -1));

/** The probabilities softmax(l) [N, ...shape, classes]. */
export const categoricalProbs = (p: CategoricalParams): tf.Tensor => tf.exp(p.logProbs);
