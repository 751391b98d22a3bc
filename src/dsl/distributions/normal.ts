import * as tf from '@tensorflow/tfjs';
import { literal, mapped, oneOf, record, shapeCodec } from '../codec-combinators.js';
import type { Shape } from '../shape.js';
import type { BoundDensity, Family } from './family.js';
import { HALF_LOG_TWO_PI, splitLast, sumEvent } from './event.js';
import { normalKl, normalLogDensity, reparameterize, softplusLogScale } from '../../ops/normal.js';

/** Location and log-scale of a diagonal Normal, each [N, ...shape]. */
export interface NormalParams {
  readonly loc: tf.Tensor;
  readonly logScale: tf.Tensor;
}

/**
 * Reads a net's raw output [N, ...init, 2 * last] as a Normal: the first half
 * of the last axis is the location, the second the raw scale.
 * softplus: sigma = softplus(raw) + e^-10 (so log sigma >= -10);
 * exp: log sigma = clamp(raw, -20, 20) / 2 (raw is a log-variance).
 */
export const normalParams = (spec: NormalSpec, raw: tf.Tensor): NormalParams => {
  const [loc, rawScale] = splitLast(raw, 2);
  const logScale =
    spec.scale === 'exp'
      ? tf.mul(tf.clipByValue(rawScale, -20, 20), 0.5)
      : softplusLogScale(rawScale);
  return { loc: loc.reshape([raw.shape[0], ...spec.shape]), logScale: logScale.reshape([raw.shape[0], ...spec.shape]) };
};

/** The standard Normal N(0, I) over events of `shape` for `n` samples. */
export const standardNormalParams = (n: number, shape: readonly number[]): NormalParams => ({
  loc: tf.zeros([n, ...shape]),
  logScale: tf.zeros([n, ...shape]),
});

/** Elementwise log N(x; mu, sigma) = -((x - mu) / sigma)^2 / 2 - log sigma - log(2 pi) / 2. */
export const normalLogProbElements = (p: NormalParams, x: tf.Tensor): tf.Tensor => normalLogDensity(x, p.loc, p.logScale);

/**
 * log N(x; mu, sigma) summed over the event, [N]. `raw` is what a net head
 * emits, [N, ...init, 2 last] for shape [...init, last]: the first half of
 * the last axis is the location mu, the second the raw scale r, read by
 * `spec.scale`: 'softplus' (default) sigma = softplus(r) + e^-10;
 * 'exp' r is a log-variance, sigma = exp(clamp(r, -20, 20) / 2).
 * Support: finite x (an infinite x gives -inf).
 */
export const normalLogProb = (spec: NormalSpec, raw: tf.Tensor, x: tf.Tensor): tf.Tensor1D =>
  sumEvent(normalLogProbElements(normalParams(spec, raw), x));

/**
 * Reparameterized sample mu + sigma * eps, eps ~ N(0, I) drawn from `seed`
 * (tfjs's Normal draws an unseeded stream for the seed 0, so 0 is passed
 * as 2^32, which no uint32 seed equals).
 */
export const normalSample = (p: NormalParams, seed: number): tf.Tensor =>
  reparameterize(p.loc, p.logScale, tf.randomNormal(p.loc.shape, 0, 1, 'float32', seed === 0 ? 2 ** 32 : seed));

/**
 * Elementwise KL(q || p) between diagonal Normals:
 * log sigma_p - log sigma_q + (sigma_q^2 + (mu_q - mu_p)^2) / (2 sigma_p^2) - 1/2.
 */
export const normalKlElements = (q: NormalParams, p: NormalParams): tf.Tensor => normalKl(q.loc, q.logScale, p.loc, p.logScale);

/** Elementwise entropy log sigma + (1 + log 2 pi) / 2. */
export const normalEntropyElements = (p: NormalParams): tf.Tensor => tf.add(p.logScale, 0.5 + HALF_LOG_TWO_PI);

/**
 * Diagonal Normal over an event of `shape`. Raw parameters (what a net head
 * emits) [N, ...init, 2 last] for shape [...init, last] ([N, 2] for shape
 * []): the first half of the last axis is the location, the second the raw
 * scale r, read by `scale`.
 */
export interface NormalSpec {
  readonly family: 'normal';
  readonly shape: Shape;
  /** 'softplus' (default): sigma = softplus(raw) + e^-10. 'exp': sigma = exp(clamp(raw, -20, 20) / 2), raw a log-variance. */
  readonly scale: 'softplus' | 'exp';
}

/** Diagonal Normal, scale through softplus by default. */
export const normal = (shape: Shape, options: { scale?: 'softplus' | 'exp' } = {}): NormalSpec => ({
  family: 'normal',
  shape,
  scale: options.scale ?? 'softplus',
});

/** A Normal density; carries its parameters for the analytic KL. */
const normalDensity = (p: NormalParams): BoundDensity & { readonly normal: NormalParams } => ({
  logProbElements: (x) => normalLogProbElements(p, x),
  sample: (s) => normalSample(p, s),
  mean: () => p.loc,
  normal: p,
});

/**
 * The Normal family: raw layout [location | raw scale] along the last axis
 * (see {@link NormalSpec}); fixed prior N(0, I); support the finite reals
 * (an infinite x gives -inf, a NaN gives NaN, which checkSupport refuses).
 */
export const normalFamily: Family<NormalSpec> = {
  family: 'normal',
  codec: mapped(
    record('a normal distribution', { family: literal('normal'), shape: shapeCodec }, { scale: oneOf<'softplus' | 'exp'>(['softplus', 'exp']) }),
    (d) => normal(d.shape, d.scale === undefined ? {} : { scale: d.scale }),
  ),
  paramShape: (spec) => (spec.shape.length === 0 ? [2] : [...spec.shape.slice(0, -1), 2 * spec.shape[spec.shape.length - 1]]),
  bind: (spec, raw) => normalDensity(normalParams(spec, raw)),
  fixedPrior: (spec, n) => normalDensity(standardNormalParams(n, spec.shape)),
  describeSupport: () => 'finite numbers',
  inSupport: () => Number.isFinite,
};
