import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { disposeParams } from '../../../src/dsl/params.js';
import { activeUnits, effectiveSampleSize } from '../../../src/inference/metrics.js';
import { iwaePerDatum } from '../../../src/inference/objectives/iwae.js';
import { trace, type Trace } from '../../../src/inference/trace.js';
import { data, exactPosterior, generative, linearGaussian, paramsOf, perturbed } from '../../support/linear-gaussian.js';

const m = linearGaussian(2, 3);
const posterior = exactPosterior(generative);
const exact = paramsOf(m, generative, posterior);
const off = paramsOf(m, generative, perturbed(posterior));
const batch = { x: tf.tensor2d(data.map((r) => [...r])) };
afterAll(() => {
  disposeParams(exact);
  disposeParams(off);
  batch.x.dispose();
});

const ess = (f: () => Trace): number[] => tf.tidy(() => Array.from(effectiveSampleSize(f()).dataSync()));

/** A trace whose log-weights are `lw` [K] for a single datum (no latent). */
const weightsTrace = (lw: readonly number[]): Trace => ({
  k: lw.length,
  b: 1,
  terms: [{ name: 'x', role: 'observed', logp: tf.tensor2d(lw.map((v) => [v])) }],
  q: new Map(),
  p: new Map(),
  likelihoods: new Map(),
});

describe('effectiveSampleSize', () => {
  it('is (sum w)^2 / sum w^2 on known weights: (1, 1, ~0, ~0) gives 2, (1, 3) gives 1.6', async () => {
    expect(ess(() => weightsTrace([0, 0, -1000, -1000]))[0]).toBeCloseTo(2, 5);
    expect(ess(() => weightsTrace([0, Math.log(3)]))[0]).toBeCloseTo(1.6, 5);
  });

  it('is K when q is the exact posterior (all weights equal), K = 32', async () => {
    ess(() => trace(m, exact, batch, { k: 32, seed: 2 })).forEach((v, i) => expect(v, `datum ${i}`).toBeCloseTo(32, 2));
  });

  it('property: 1 <= ESS <= K for q off the posterior, any seed and K in [1, 32]', async () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 32 }), (seed, k) =>
        ess(() => trace(m, off, batch, { k, seed })).every((v) => v >= 1 - 1e-4 && v <= k * (1 + 1e-5)),
      ),
      { numRuns: 30, seed: 3 },
    );
  });
});

describe('activeUnits on encoder means', () => {
  it('counts a dimension whose posterior mean varies over the data and not one whose encoder ignores x', async () => {
    const means = tf.tidy(() => {
      const x = tf.tensor2d(data.map((r) => [...r]));
      const active = tf.add(tf.matMul(x, tf.tensor2d(posterior.a[0].map((v) => [v]))), posterior.c[0]);
      return tf.concat([active, tf.fill([data.length, 1], posterior.c[1])], 1) as tf.Tensor2D;
    });
    const first = data.map((x) => posterior.a[0].reduce((a, w, j) => a + w * x[j], posterior.c[0]));
    const mu = first.reduce((a, v) => a + v, 0) / first.length;
    const variance = first.reduce((a, v) => a + (v - mu) ** 2, 0) / first.length;

    const result = await activeUnits(means);
    means.dispose();

    expect(variance).toBeGreaterThan(0.01);
    expect(result.active).toBe(1);
    expect(result.total).toBe(2);
    expect(result.variances[0]).toBeCloseTo(variance, 4);
    expect(result.variances[1]).toBeCloseTo(0, 6);
  });
});

describe('iwaePerDatum with impossible samples', () => {
  const bound = (lw: readonly number[]): number => tf.tidy(() => iwaePerDatum(weightsTrace(lw)).dataSync()[0]);

  it('is -inf for a datum whose log-weights are all -inf (was NaN)', async () => {
    expect(bound([-Infinity, -Infinity, -Infinity])).toBe(-Infinity);
  });

  it('counts -inf samples as weight 0: log-weights (0, log 3, -inf, -inf) give log(4 / 4) = 0', async () => {
    expect(bound([0, Math.log(3), -Infinity, -Infinity])).toBeCloseTo(0, 6);
  });
});
