import * as tf from '@tensorflow/tfjs';
import { imageShapeCodec, literal, mapped, positiveInt, record } from '../codec-combinators.js';
import type { Shape } from '../shape.js';
import type { Family } from './family.js';
import { logSumExp } from '../../inference/log-space.js';
import { sumEvent } from './event.js';

/**
 * Mixture of discretized logistics (Salimans et al. 2017, PixelCNN++).
 * Pixels x in 0..255 are rescaled to [-1, 1]; bin k covers
 * [x - 1/255, x + 1/255], the edge bins 0 and 255 take the tails.
 */
export interface DiscretizedLogisticParams {
  /** Mixture log-weights [N, h, w, M]. */
  readonly logWeights: tf.Tensor;
  /** Component means in [-1, 1] units [N, h, w, c, M]. */
  readonly means: tf.Tensor;
  /** Component log-scales, clamped below at -7, [N, h, w, c, M]. */
  readonly logScales: tf.Tensor;
}

/** Reads a raw output [N, h, w, M (1 + 2c)]: M logits, M c means, M c log-scales. */
export const discretizedLogisticParams = (spec: DiscretizedLogisticSpec, raw: tf.Tensor): DiscretizedLogisticParams => {
  const [h, w, c] = spec.shape;
  const m = spec.mixtures;
  const n = raw.shape[0];
  const flat = raw.reshape([n, h, w, m * (1 + 2 * c)]);
  const logits = tf.slice(flat, [0, 0, 0, 0], [n, h, w, m]);
  const means = tf.slice(flat, [0, 0, 0, m], [n, h, w, m * c]).reshape([n, h, w, c, m]);
  const logScales = tf.maximum(tf.slice(flat, [0, 0, 0, m + m * c], [n, h, w, m * c]).reshape([n, h, w, c, m]), -7);
  return { logWeights: tf.logSoftmax(logits), means, logScales };
};

/** log(sigmoid(a)) = -softplus(-a), finite for any finite a. */
const logSigmoid = (a: tf.Tensor): tf.Tensor => tf.neg(tf.softplus(tf.neg(a)));

/**
 * Per-pixel log-probability [N, h, w] of integer images x [N, h, w, c] in 0..255
 * (-inf for a pixel with a value outside 0..255 or not an integer):
 * log sum_k pi_k prod_c P(bin x_c | mu_kc, s_kc), with the edge cases
 * P(x = 0) = sigmoid((-1 + 1/255 - mu) / s) and P(x = 255) = 1 - sigmoid((1 - 1/255 - mu) / s).
 * Interior bins use log(sigmoid(a) - sigmoid(b)) = log sigmoid(a) + log sigmoid(-b) + log(1 - e^(b - a)),
 * accurate in float32 at any scale (no pdf-midpoint fallback).
 */
export const discretizedLogisticLogProbElements = (p: DiscretizedLogisticParams, x: tf.Tensor): tf.Tensor => {
  const xs = tf.expandDims(tf.sub(tf.div(tf.cast(x, 'float32'), 127.5), 1), -1);
  const centered = tf.sub(xs, p.means);
  const invScale = tf.exp(tf.neg(p.logScales));
  const plusIn = tf.mul(invScale, tf.add(centered, 1 / 255));
  const minIn = tf.mul(invScale, tf.sub(centered, 1 / 255));
  const logCdfPlus = logSigmoid(plusIn);
  const logOneMinusCdfMin = tf.neg(tf.softplus(minIn));
  const logInner = tf.add(tf.add(logCdfPlus, logOneMinusCdfMin), tf.log(tf.maximum(tf.neg(tf.expm1(tf.mul(invScale, -2 / 255))), 1e-37)));
  const shape = logInner.shape;
  const flat = (t: tf.Tensor): tf.Tensor => tf.reshape(tf.broadcastTo(t, shape), [-1, shape[shape.length - 1]]);
  // Selected at rank 2 (WebGL and WebGPU have no rank-5 Select): elementwise, so the same values.
  const x2 = flat(xs);
  const logBin = tf.reshape(tf.where(tf.less(x2, -0.999), flat(logCdfPlus), tf.where(tf.greater(x2, 0.999), flat(logOneMinusCdfMin), flat(logInner))), shape);
  const perComponent = tf.add(tf.sum(logBin, 3), p.logWeights);
  const pixel = logSumExp(perComponent, -1);
  const xf = tf.cast(x, 'float32');
  const valid = tf.all(tf.logicalAnd(tf.logicalAnd(tf.greaterEqual(xf, 0), tf.lessEqual(xf, 255)), tf.equal(xf, tf.floor(xf))), -1);
  return tf.where(valid, pixel, tf.fill(pixel.shape, -Infinity));
};

/**
 * log p(x) of the mixture summed over the image, [N]. `raw` is what a net
 * head emits, [N, h, w, M (1 + 2c)] with, per pixel, along the last axis:
 * M mixture logits | M c means (component-major within each channel block:
 * channel j of component k at M + j M + k... as [c, M]) in [-1, 1] pixel
 * units | M c log-scales, clamped below at -7, laid out like the means.
 * x [N, h, w, c] holds integers 0..255; a pixel with any other value gives -inf.
 */
export const discretizedLogisticLogProb = (spec: DiscretizedLogisticSpec, raw: tf.Tensor, x: tf.Tensor): tf.Tensor1D =>
  sumEvent(discretizedLogisticLogProbElements(discretizedLogisticParams(spec, raw), x));

/** Draws integer images (as float32 0..255): a component by Gumbel-max, then a logistic per channel. */
export const discretizedLogisticSample = (p: DiscretizedLogisticParams, seed: number): tf.Tensor => {
  const m = p.logWeights.shape[3]!;
  const u = tf.randomUniform(p.logWeights.shape, 1e-5, 1 - 1e-5, 'float32', seed);
  const choice = tf.argMax(tf.sub(p.logWeights, tf.log(tf.neg(tf.log(u)))), -1);
  const select = m === 1 ? tf.ones([...choice.shape, 1, 1]) : tf.expandDims(tf.oneHot(choice, m), 3);
  const mean = tf.sum(tf.mul(p.means, select), -1);
  const logScale = tf.sum(tf.mul(p.logScales, select), -1);
  const v = tf.randomUniform(mean.shape, 1e-5, 1 - 1e-5, 'float32', seed + 1);
  const logistic = tf.add(mean, tf.mul(tf.exp(logScale), tf.sub(tf.log(v), tf.log1p(tf.neg(v)))));
  return tf.round(tf.mul(tf.add(tf.clipByValue(logistic, -1, 1), 1), 127.5));
};

/** The mixture mean in pixel units 0..255 [N, h, w, c]. */
export const discretizedLogisticMean = (p: DiscretizedLogisticParams): tf.Tensor => {
  const weights = tf.expandDims(tf.exp(p.logWeights), 3);
  return tf.mul(tf.add(tf.clipByValue(tf.sum(tf.mul(p.means, weights), -1), -1, 1), 1), 127.5);
};

/**
 * Mixture of `mixtures` (M) discretized logistics over 8-bit pixels
 * (Salimans et al. 2017, PixelCNN++), per pixel of an [h, w, c] image with
 * values 0..255; channels are independent given the mixture component. Raw
 * parameters (what a net head emits) [N, h, w, M (1 + 2c)], per pixel along
 * the last axis: M mixture logits | M c means in [-1, 1] pixel units | M c
 * log-scales, clamped below at -7 (see {@link discretizedLogisticLogProb}).
 */
export interface DiscretizedLogisticSpec {
  readonly family: 'discretizedLogistic';
  readonly shape: Shape;
  readonly mixtures: number;
}

/** Discretized logistic mixture over 8-bit [h, w, c] images. */
export const discretizedLogistic = (shape: Shape, mixtures = 10): DiscretizedLogisticSpec => ({
  family: 'discretizedLogistic',
  shape,
  mixtures,
});

/**
 * The discretized logistic family: raw layout [M logits | M c means | M c
 * log-scales] per pixel (see {@link DiscretizedLogisticSpec}); no fixed
 * prior; support the integers 0..255; the shape must be an image [h, w, c].
 */
export const discretizedLogisticFamily: Family<DiscretizedLogisticSpec> = {
  family: 'discretizedLogistic',
  codec: mapped(
    record('a discretized logistic mixture', { family: literal('discretizedLogistic'), shape: imageShapeCodec }, { mixtures: positiveInt }),
    (d) => discretizedLogistic(d.shape, d.mixtures),
  ),
  paramShape: (spec) => (spec.shape.length === 0 ? [spec.mixtures * 3] : [...spec.shape.slice(0, -1), spec.mixtures * (1 + 2 * spec.shape[spec.shape.length - 1])]),
  bind: (spec, raw) => {
    const p = discretizedLogisticParams(spec, raw);
    return {
      logProbElements: (x) => discretizedLogisticLogProbElements(p, x),
      sample: (s) => discretizedLogisticSample(p, s),
      mean: () => discretizedLogisticMean(p),
    };
  },
  describeSupport: () => 'integers 0..255',
  inSupport: () => (v) => Number.isInteger(v) && v >= 0 && v <= 255,
  problems: (spec) =>
    spec.shape.length === 3 ? [] : [{ kind: 'shape', detail: `a discretized logistic needs an image shape [h, w, c], got [${spec.shape.join(', ')}]` }],
};
