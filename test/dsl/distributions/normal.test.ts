import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { densityOf, fixedPriorOf } from '../../../src/dsl/distributions/density.js';
import { normal } from '../../../src/dsl/distributions/distribution.js';
import { normalEntropyElements, normalKlElements, normalLogProbElements, normalParams, normalSample } from '../../../src/dsl/distributions/normal.js';
import { normalKl, normalLogPdf, softplus } from '../../support/reference.js';
import { close, f32, valuesOf } from '../../support/tensors.js';

/** Float32 against float64: |actual - reference| <= 1e-4 + 1e-5 |reference|. */
const ABS = 1e-4;
const REL = 1e-5;

const element = fc.record({ x: fc.float(f32(-5, 5)), loc: fc.float(f32(-5, 5)), raw: fc.float(f32(-6, 6)) });
const elements = fc.array(element, { minLength: 1, maxLength: 6 });

/** The raw net output [1, 2d] of a Normal over [d]: locations, then raw scales. */
const rawOf = (es: readonly { loc: number; raw: number }[]): tf.Tensor => tf.tensor2d([[...es.map((e) => e.loc), ...es.map((e) => e.raw)]]);

const logProbs = (scale: 'softplus' | 'exp', es: readonly { x: number; loc: number; raw: number }[]): number[] =>
  valuesOf(() => densityOf(normal([es.length], { scale }), rawOf(es)).logProbElements(tf.tensor2d([es.map((e) => e.x)])));

describe('normal log-density', () => {
  it('softplus scale: log N(x; loc, softplus(raw) + e^-10) equals the float64 reference within 1e-4 + 1e-5 |ref|', () => {
    fc.assert(
      fc.property(elements, (es) => {
        const actual = logProbs('softplus', es);
        return es.every((e, i) => close(actual[i], normalLogPdf(e.x, e.loc, Math.log(softplus(e.raw) + Math.exp(-10))), ABS, REL));
      }),
    );
  });

  it('exp scale: log N(x; loc, exp(raw / 2)) equals the float64 reference within 1e-4 + 1e-5 |ref|', () => {
    fc.assert(
      fc.property(elements, (es) => {
        const actual = logProbs('exp', es);
        return es.every((e, i) => close(actual[i], normalLogPdf(e.x, e.loc, e.raw / 2), ABS, REL));
      }),
    );
  });

  it('exp scale clamps the log-variance to [-20, 20]', () => {
    const actual = logProbs('exp', [{ x: 0.5, loc: 0, raw: 50 }]);

    expect(actual[0]).toBeCloseTo(normalLogPdf(0.5, 0, 10), 4);
  });

  it('the fixed prior is N(0, I): its log-density is the standard Normal reference', () => {
    const xs = [-2, -0.5, 0, 1.25, 3];

    const actual = valuesOf(() => fixedPriorOf(normal([5]), 1).logProbElements(tf.tensor2d([xs])));

    xs.forEach((x, i) => expect(actual[i]).toBeCloseTo(normalLogPdf(x, 0, 0), 5));
  });

  it('log-densities are finite for log-scales -10..10 and raw scales -100..100 (both modes)', () => {
    fc.assert(
      fc.property(fc.float(f32(-20, 20)), fc.float(f32(-100, 100)), fc.float(f32(-50, 50)), (logVar, raw, x) => {
        const exp = logProbs('exp', [{ x, loc: 0, raw: logVar }]);
        const soft = logProbs('softplus', [{ x, loc: 0, raw }]);
        return Number.isFinite(exp[0]) && Number.isFinite(soft[0]);
      }),
    );
  });

  it('gradients with respect to the raw parameters are finite for raw scales -100..100 (softplus) and log-variances -30..30 (exp)', () => {
    fc.assert(
      fc.property(fc.float(f32(-100, 100)), fc.float(f32(-30, 30)), fc.float(f32(-50, 50)), (raw, logVar, x) => {
        const gradient = (scale: 'softplus' | 'exp', r: number): number[] =>
          valuesOf(() => tf.grad((t: tf.Tensor) => tf.sum(densityOf(normal([1], { scale }), t).logProbElements(tf.tensor2d([[x]]))))(tf.tensor2d([[0.5, r]])));
        return [...gradient('softplus', raw), ...gradient('exp', logVar)].every(Number.isFinite);
      }),
    );
  });

  it('entropy equals log sigma + (1 + log 2 pi) / 2', () => {
    const logSigma = [-3, 0, 2];

    const actual = valuesOf(() => normalEntropyElements({ loc: tf.zeros([1, 3]), logScale: tf.tensor2d([logSigma]) }));

    logSigma.forEach((ls, i) => expect(actual[i]).toBeCloseTo(ls + 0.5 * (1 + Math.log(2 * Math.PI)), 5));
  });
});

const gaussian = fc.record({ mu: fc.float(f32(-3, 3)), ls: fc.float(f32(-2, 1.5)) });

describe('normal KL', () => {
  it('analytic KL(q || p) equals the float64 closed form within 1e-4 + 1e-5 |ref|', () => {
    fc.assert(
      fc.property(gaussian, gaussian, (q, p) => {
        const [actual] = valuesOf(() =>
          normalKlElements({ loc: tf.tensor2d([[q.mu]]), logScale: tf.tensor2d([[q.ls]]) }, { loc: tf.tensor2d([[p.mu]]), logScale: tf.tensor2d([[p.ls]]) }),
        );
        return close(actual, normalKl(q.mu, q.ls, p.mu, p.ls), ABS, REL);
      }),
    );
  });

  it('property: KL(q || p) >= 0, and KL(q || q) = 0', () => {
    fc.assert(
      fc.property(gaussian, gaussian, (q, p) => {
        const qp = { loc: tf.tensor2d([[q.mu]]), logScale: tf.tensor2d([[q.ls]]) };
        const pp = { loc: tf.tensor2d([[p.mu]]), logScale: tf.tensor2d([[p.ls]]) };
        const [kl] = valuesOf(() => normalKlElements(qp, pp));
        const [self] = valuesOf(() => normalKlElements(qp, qp));
        tf.dispose([qp.loc, qp.logScale, pp.loc, pp.logScale]);
        return kl >= -1e-6 && Math.abs(self) <= 1e-6;
      }),
    );
  });

  it('property: analytic KL equals its Monte Carlo estimate E_q[log q - log p] within 4 standard errors over 20000 samples', () => {
    const n = 20000;
    fc.assert(
      fc.property(gaussian, gaussian, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (q, p, seed) => {
        const [analytic] = valuesOf(() =>
          normalKlElements({ loc: tf.tensor2d([[q.mu]]), logScale: tf.tensor2d([[q.ls]]) }, { loc: tf.tensor2d([[p.mu]]), logScale: tf.tensor2d([[p.ls]]) }),
        );
        const samples = valuesOf(() => {
          const qp = { loc: tf.fill([n, 1], q.mu), logScale: tf.fill([n, 1], q.ls) };
          const pp = { loc: tf.fill([n, 1], p.mu), logScale: tf.fill([n, 1], p.ls) };
          const z = normalSample(qp, seed);
          return tf.sub(normalLogProbElements(qp, z), normalLogProbElements(pp, z));
        });
        const mean = samples.reduce((a, v) => a + v, 0) / n;
        const variance = samples.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
        return Math.abs(mean - analytic) <= 4 * Math.sqrt(variance / n) + 1e-4;
      }),
      { numRuns: 10 },
    );
  });
});

describe('normal sampling', () => {
  it('is reparameterized: the sample is loc + sigma * eps with the same eps for the same seed', () => {
    const base = { loc: tf.zeros([1000, 1]), logScale: tf.zeros([1000, 1]) };
    const shifted = { loc: tf.fill([1000, 1], 2), logScale: tf.fill([1000, 1], Math.log(3)) };

    const eps = valuesOf(() => normalSample(base, 7));
    const z = valuesOf(() => normalSample(shifted, 7));
    tf.dispose([base.loc, base.logScale, shifted.loc, shifted.logScale]);

    eps.forEach((e, i) => expect(z[i]).toBeCloseTo(2 + 3 * e, 4));
  });

  it('is a function of the seed for every seed, 0 included', () => {
    const base = { loc: tf.zeros([100, 1]), logScale: tf.zeros([100, 1]) };

    const [a, b] = [valuesOf(() => normalSample(base, 0)), valuesOf(() => normalSample(base, 0))];
    tf.dispose([base.loc, base.logScale]);

    expect(a).toEqual(b);
  });

  it('normalParams splits the last axis into location and raw scale', () => {
    const loc = valuesOf(() => normalParams(normal([2]), tf.tensor2d([[1, 2, 0, 0]])).loc);

    expect(loc).toEqual([1, 2]);
  });
});
