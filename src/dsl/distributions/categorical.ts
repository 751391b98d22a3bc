import * as tf from '@tensorflow/tfjs';
import { literal, mapped, nonNegativeInt, positiveInt, record, shapeCodec } from '../codec-combinators.js';
import type { Shape } from '../shape.js';
import type { BoundDensity, Family } from './family.js';
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
 * (src/ops/softmax-cross-entropy.ts): no [..., classes] temporaries, and
 * on native the logits of PAD elements are not read.
 */
export const categoricalLogProbElements = (spec: CategoricalSpec, p: CategoricalParams, x: tf.Tensor): tf.Tensor => {
  const xf = tf.cast(x, 'float32');
  return logSoftmaxAt(p.logits.reshape([-1, spec.classes]), xf.flatten(), { padId: spec.padId })
    .reshape(xf.shape);
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

/**
 * Independent Categorical variables on logits over `classes` values, one per
 * element of `shape` ([] for a single label, [T] for a token sequence). Where
 * `padId` is set, elements equal to it are masked out of the log-density.
 * Raw parameters (what a net head emits): [N, ...shape, classes]
 * unnormalized logits (any shift of a row gives the same distribution).
 */
export interface CategoricalSpec {
  readonly family: 'categorical';
  readonly shape: Shape;
  readonly classes: number;
  readonly padId?: number;
}

/** Categorical on logits over `classes` values per element of `shape`. */
export const categorical = (classes: number, shape: Shape = [], options: { padId?: number } = {}): CategoricalSpec => ({
  family: 'categorical',
  shape,
  classes,
  ...(options.padId === undefined ? {} : { padId: options.padId }),
});

/** A Categorical density; carries its parameters for enumeration and entropy. */
const categoricalDensity = (spec: CategoricalSpec, p: CategoricalParams): BoundDensity & { readonly categorical: CategoricalParams } => ({
  logProbElements: (x) => categoricalLogProbElements(spec, p, x),
  sample: (s) => categoricalSample(p, s),
  mean: () => categoricalProbs(p),
  categorical: p,
});

/**
 * The Categorical family: raw logits [..., classes] (see
 * {@link CategoricalSpec}); fixed prior uniform; support the integers
 * 0..classes-1 and `padId`; needs at least 2 classes.
 */
export const categoricalFamily: Family<CategoricalSpec> = {
  family: 'categorical',
  codec: mapped(
    record('a categorical distribution', { family: literal('categorical'), classes: positiveInt }, { shape: shapeCodec, padId: nonNegativeInt }),
    (d) => categorical(d.classes, d.shape ?? [], d.padId === undefined ? {} : { padId: d.padId }),
  ),
  paramShape: (spec) => [...spec.shape, spec.classes],
  bind: (spec, raw) => categoricalDensity(spec, categoricalParams(spec, raw)),
  fixedPrior: (spec, n) => categoricalDensity(spec, uniformCategoricalParams(n, spec)),
  describeSupport: (spec) => `integers 0..${spec.classes - 1}${spec.padId === undefined ? '' : ` or the padding id ${spec.padId}`}`,
  inSupport: (spec) => (v) => (Number.isInteger(v) && v >= 0 && v < spec.classes) || v === spec.padId,
  problems: (spec) =>
    Number.isInteger(spec.classes) && spec.classes >= 2
      ? []
      : [{ kind: 'params', detail: `a Categorical needs an integer number of classes >= 2, got ${spec.classes}` }],
  limitShape: (spec) => [...spec.shape, spec.classes],
};
