import * as tf from '@tensorflow/tfjs';
import { literal, mapped, record, shapeCodec } from '../codec-combinators.js';
import type { Shape } from '../shape.js';
import type { Family } from './family.js';
import { sumEvent } from './event.js';
import { bernoulliLogProbElements as logProbOp } from '../../ops/bernoulli-log-prob.js';

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
 * for any finite logit; -inf where x is not 0 or 1 (outside the support).
 * One kernel each way on native (src/ops/bernoulli-log-prob.ts).
 */
export const bernoulliLogProbElements = (p: BernoulliParams, x: tf.Tensor): tf.Tensor => logProbOp(p.logits, x);

/**
 * log Bern(x; sigmoid(raw)) summed over the event, [N]. `raw` is what a net
 * head emits: logits [N, ...shape] ([N, 1] for shape []), log(p / (1 - p));
 * x [N, ...shape] holds 0 or 1; other values give -inf.
 */
export const bernoulliLogProb = (spec: BernoulliSpec, raw: tf.Tensor, x: tf.Tensor): tf.Tensor1D =>
  sumEvent(bernoulliLogProbElements(bernoulliParams(spec, raw), x));

/** Draws x = 1[u < sigmoid(l)], u ~ U(0, 1) from `seed` (not reparameterized). */
export const bernoulliSample = (p: BernoulliParams, seed: number): tf.Tensor =>
  tf.cast(tf.less(tf.randomUniform(p.logits.shape, 0, 1, 'float32', seed), tf.sigmoid(p.logits)), 'float32');

/** The mean sigmoid(l), used to show reconstructions and samples as images. */
export const bernoulliMean = (p: BernoulliParams): tf.Tensor => tf.sigmoid(p.logits);

/**
 * Independent Bernoulli variables on logits, one per element of `shape`.
 * Raw parameters (what a net head emits): logits [N, ...shape] ([N, 1] for
 * shape []), log(p / (1 - p)).
 */
export interface BernoulliSpec {
  readonly family: 'bernoulli';
  readonly shape: Shape;
}

/** Bernoulli on logits. */
export const bernoulli = (shape: Shape): BernoulliSpec => ({ family: 'bernoulli', shape });

/** The Bernoulli family: raw logits (see {@link BernoulliSpec}); no fixed prior; support {0, 1}. */
export const bernoulliFamily: Family<BernoulliSpec> = {
  family: 'bernoulli',
  codec: mapped(record('a bernoulli distribution', { family: literal('bernoulli'), shape: shapeCodec }, {}), (d) => bernoulli(d.shape)),
  paramShape: (spec) => (spec.shape.length === 0 ? [1] : spec.shape),
  bind: (spec, raw) => {
    const p = bernoulliParams(spec, raw);
    return { logProbElements: (x) => bernoulliLogProbElements(p, x), sample: (s) => bernoulliSample(p, s), mean: () => bernoulliMean(p) };
  },
  describeSupport: () => '0 or 1',
  inSupport: () => (v) => v === 0 || v === 1,
};
