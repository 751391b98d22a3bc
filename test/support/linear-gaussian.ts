/**
 * A linear-Gaussian model written in the strata DSL, with its exact marginal
 * likelihood and exact posterior in float64 plain JS:
 *
 *     z ~ N(0, I_d),  x | z ~ N(W z + b, s^2 I_m),  q(z | x) = N(A x + c, diag(sigma^2)).
 *
 * p(x | z) and q(z | x) are linear heads (no net). Their weights are [inputs,
 * 2 * outputs]: the first half of the columns gives the location, the second
 * the raw scale, and sigma = softplus(raw) + e^-10. The p head's scale half
 * of the weights is 0, so its scale is the constant set through the bias.
 */
import * as tf from '@tensorflow/tfjs';
import { model } from '../../src/dsl/builder.js';
import { normal } from '../../src/dsl/distributions/distribution.js';
import { MIN_SCALE } from '../../src/ops/normal.js';
import type { Model } from '../../src/dsl/model.js';
import { initParams, lookup, type ParamStore } from '../../src/dsl/params.js';
import { prior } from '../../src/dsl/spec.js';
import { compiled } from './models.js';

/** Matrices as row arrays, plain float64 numbers. */
export type Matrix = readonly (readonly number[])[];

/** The generative parameters: x = W z + b + s eps, W [m, d]. */
export interface Generative {
  readonly w: Matrix;
  readonly b: readonly number[];
  readonly s: number;
}

/** A diagonal Gaussian encoder q(z | x) = N(A x + c, diag(sigma^2)), A [d, m]. */
export interface Encoder {
  readonly a: Matrix;
  readonly c: readonly number[];
  readonly sigma: readonly number[];
}


/** softplus^-1(y) = log(e^y - 1), stable for large y. */
export const inverseSoftplus = (y: number): number => (y > 20 ? y + Math.log1p(-Math.exp(-y)) : Math.log(Math.expm1(y)));

/** The raw scale whose softplus(raw) + e^-10 is `scale`. */
export const rawScaleOf = (scale: number): number => inverseSoftplus(scale - MIN_SCALE);

const transpose = (m: Matrix): number[][] => m[0].map((_, j) => m.map((row) => row[j]));

const matVec = (m: Matrix, v: readonly number[]): number[] => m.map((row) => row.reduce((a, r, j) => a + r * v[j], 0));

/** The linear-Gaussian model with latent size d and data size m. */
export const linearGaussian = (d: number, m: number): Model =>
  compiled(model().observed('x', normal([m])).latent('z', normal([d])).p('z', prior).p('x', ['z']).q('z', ['x']).spec);

/** Sets p(x | z) to N(W z + b, s^2 I) by assigning the head's variables. */
export const setGenerative = (store: ParamStore, g: Generative): void =>
  tf.tidy(() => {
    const raw = rawScaleOf(g.s);
    lookup(store)('p:x/head/w').assign(tf.tensor2d(transpose(g.w).map((row) => [...row, ...row.map(() => 0)])));
    lookup(store)('p:x/head/b').assign(tf.tensor1d([...g.b, ...g.b.map(() => raw)]));
  });

/** Sets q(z | x) to N(A x + c, diag(sigma^2)) by assigning the head's variables. */
export const setEncoder = (store: ParamStore, e: Encoder): void =>
  tf.tidy(() => {
    lookup(store)('q:z/head/w').assign(tf.tensor2d(transpose(e.a).map((row) => [...row, ...row.map(() => 0)])));
    lookup(store)('q:z/head/b').assign(tf.tensor1d([...e.c, ...e.sigma.map(rawScaleOf)]));
  });

/** A fresh parameter store of `m` with p and q set. */
export const paramsOf = (m: Model, g: Generative, e: Encoder): ParamStore => {
  const store = initParams(m, 0);
  setGenerative(store, g);
  setEncoder(store, e);
  return store;
};

/** Lower Cholesky factor of a symmetric positive-definite matrix. */
const cholesky = (m: Matrix): number[][] => {
  const n = m.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = m[i][j];
      for (let k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
      l[i][j] = i === j ? Math.sqrt(sum) : sum / l[j][j];
    }
  }
  return l;
};

/** log N(x; mean, cov) for a full covariance, in float64. */
export const mvnLogPdf = (x: readonly number[], mean: readonly number[], cov: Matrix): number => {
  const l = cholesky(cov);
  const r = x.map((xi, i) => xi - mean[i]);
  const y: number[] = [];
  for (let i = 0; i < r.length; i++) y.push((r[i] - y.reduce((a, yj, j) => a + l[i][j] * yj, 0)) / l[i][i]);
  const logDet = 2 * l.reduce((a, row, i) => a + Math.log(row[i]), 0);
  return -0.5 * (r.length * Math.log(2 * Math.PI) + logDet + y.reduce((a, v) => a + v * v, 0));
};

/** The exact log p(x) = log N(x; b, W W^T + s^2 I). */
export const exactLogMarginal = (g: Generative, x: readonly number[]): number => {
  const cov = g.w.map((ri, i) => g.w.map((rj, j) => ri.reduce((a, v, k) => a + v * rj[k], 0) + (i === j ? g.s * g.s : 0)));
  return mvnLogPdf(x, g.b, cov);
};

/**
 * The exact posterior p(z | x) = N(A x + c, Sigma), Sigma = (I + W^T W / s^2)^-1,
 * A = Sigma W^T / s^2, c = -A b. A diagonal q represents it only when W^T W
 * is diagonal (orthogonal columns); anything else is an error.
 */
export const exactPosterior = (g: Generative): Encoder => {
  const wt = transpose(g.w);
  const gram = wt.map((ci) => wt.map((cj) => ci.reduce((a, v, k) => a + v * cj[k], 0)));
  gram.forEach((row, i) =>
    row.forEach((v, j) => {
      if (i !== j && Math.abs(v) > 1e-12) throw new Error(`exactPosterior: W's columns ${i} and ${j} are not orthogonal (${v})`);
    }),
  );
  const variance = gram.map((row, i) => 1 / (1 + row[i] / (g.s * g.s)));
  const a = wt.map((col, i) => col.map((v) => (variance[i] * v) / (g.s * g.s)));
  return { a, c: matVec(a, g.b).map((v) => -v), sigma: variance.map(Math.sqrt) };
};

/**
 * The default instance: d = 2, m = 3, W with orthogonal columns (1, 1, 0)
 * and (0.5, -0.5, 1), s = 0.7.
 */
export const generative: Generative = {
  w: [
    [1, 0.5],
    [1, -0.5],
    [0, 1],
  ],
  b: [0.2, -0.4, 0.3],
  s: 0.7,
};

/** Four data points (fixed, drawn once from the default instance). */
export const data: Matrix = [
  [0.9, 0.6, -0.8],
  [-1.3, -1.9, 1.4],
  [0.4, -0.9, 0.1],
  [2.1, 1.2, 0.9],
];

/** An encoder off the exact posterior: location shifted, scales widened (so the importance weights stay bounded). */
export const perturbed = (e: Encoder): Encoder => ({
  a: e.a.map((row) => row.map((v) => 0.8 * v)),
  c: e.c.map((v, i) => v + (i === 0 ? 0.3 : -0.2)),
  sigma: e.sigma.map((v, i) => v * (i === 0 ? 1.6 : 1.3)),
});
