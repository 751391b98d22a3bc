import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { disposeParams } from '../../../src/dsl/params.js';
import { iwaeStreaming } from '../../../src/inference/evaluate.js';
import { elboPerDatum } from '../../../src/inference/objectives/elbo.js';
import { iwaePerDatum } from '../../../src/inference/objectives/iwae.js';
import { trace } from '../../../src/inference/trace.js';
import { data, exactLogMarginal, exactPosterior, generative, linearGaussian, paramsOf, perturbed } from '../../support/linear-gaussian.js';

const m = linearGaussian(2, 3);
const logPx = data.map((x) => exactLogMarginal(generative, x));
const exact = paramsOf(m, generative, exactPosterior(generative));
const off = paramsOf(m, generative, perturbed(exactPosterior(generative)));
const batch = { x: tf.tensor2d(data.map((r) => [...r])) };
afterAll(() => {
  disposeParams(exact);
  disposeParams(off);
  batch.x.dispose();
});

const mean = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;
const standardError = (xs: readonly number[]): number => {
  const mu = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - mu) ** 2, 0) / (xs.length - 1) / xs.length);
};

/** A per-datum objective of one trace, as plain numbers. */
const perDatum = (params: typeof exact, k: number, seed: number, f: (t: ReturnType<typeof trace>) => tf.Tensor): number[] =>
  tf.tidy(() => Array.from(f(trace(m, params, batch, { k, seed })).dataSync()));

/** Float32 tolerance of a log-density of a few nats summed over 5 dimensions. */
const FLOAT32_NATS = 2e-4;

describe('linear-Gaussian model with q the exact posterior', () => {
  it('every log weight, hence the Monte Carlo ELBO, equals the exact log p(x) (within 2e-4 nats)', async () => {
    const elbos = [1, 2, 3].flatMap((seed) => perDatum(exact, 8, seed, (t) => elboPerDatum(t, { kl: 'mc' })));

    elbos.forEach((v, i) => expect(Math.abs(v - logPx[i % data.length]), `datum ${i % data.length}: ${v} vs ${logPx[i % data.length]}`).toBeLessThan(FLOAT32_NATS));
  });

  it('IWAE_K equals the exact log p(x) for K = 1, 7, 64 (within 2e-4 nats)', async () => {
    const bounds = [1, 7, 64].map((k) => perDatum(exact, k, 11 * k, iwaePerDatum));

    bounds.forEach((row) => row.forEach((v, i) => expect(Math.abs(v - logPx[i]), `datum ${i}`).toBeLessThan(FLOAT32_NATS)));
  });

  it('the analytic-KL ELBO, averaged over 4000 samples, equals log p(x) within 4 standard errors', async () => {
    const k = 4000;
    const samples = tf.tidy(() => {
      const t = trace(m, exact, batch, { k, seed: 5 });
      const kl = t.terms.find((n) => n.name === 'z')!.klElements!.sum(2);
      const recon = t.terms.find((n) => n.name === 'x')!.logp;
      return recon.sub(kl).arraySync() as number[][];
    });
    const elbos = perDatum(exact, k, 5, (t) => elboPerDatum(t, { kl: 'analytic' }));

    elbos.forEach((v, i) => {
      const column = samples.map((row) => row[i]);
      expect(Math.abs(v - mean(column))).toBeLessThan(1e-3);
      expect(Math.abs(v - logPx[i]), `datum ${i}: ${v} vs ${logPx[i]}`).toBeLessThan(4 * standardError(column) + FLOAT32_NATS);
    });
  });
});

describe('linear-Gaussian model with q off the posterior', () => {
  const repeats = 40;
  const draws = (k: number, f: (t: ReturnType<typeof trace>) => tf.Tensor): number[] =>
    Array.from({ length: repeats }, (_, r) => mean(perDatum(off, k, 1000 + r, f)));
  const elbo = draws(8, (t) => elboPerDatum(t, { kl: 'mc' }));
  const iwae8 = draws(8, iwaePerDatum);
  const target = mean(logPx);

  it('IWAE_8 >= ELBO on the same noise, in every one of 40 repeats, and by a margin in the mean', async () => {
    const gaps = iwae8.map((v, r) => v - elbo[r]);

    gaps.forEach((g) => expect(g).toBeGreaterThanOrEqual(-1e-5));
    expect(mean(gaps)).toBeGreaterThan(3 * standardError(gaps));
  });

  it('E[ELBO] < log p(x) by more than 3 standard errors (the perturbation is visible)', async () => {
    expect(target - mean(elbo)).toBeGreaterThan(3 * standardError(elbo));
  });

  it('E[IWAE_8] <= log p(x) within 3 standard errors of the 40-repeat mean', async () => {
    expect(mean(iwae8) - target).toBeLessThanOrEqual(3 * standardError(iwae8));
  });

  it('the analytic-KL and Monte Carlo ELBOs agree in expectation (4000 samples, within 4 standard errors), and the analytic KL is >= 0', async () => {
    const k = 4000;
    const { analytic, mc, kl } = tf.tidy(() => {
      const t = trace(m, off, batch, { k, seed: 9 });
      const z = t.terms.find((n) => n.name === 'z')!;
      return {
        analytic: Array.from(elboPerDatum(t, { kl: 'analytic' }).dataSync()),
        mc: t.terms.find((n) => n.name === 'x')!.logp.add(z.logp).sub(z.logq!).arraySync() as number[][],
        kl: Array.from(z.klElements!.min().dataSync()),
      };
    });

    expect(kl[0]).toBeGreaterThanOrEqual(0);
    analytic.forEach((v, i) => {
      const column = mc.map((row) => row[i]);
      expect(Math.abs(v - mean(column)), `datum ${i}: ${v} vs ${mean(column)}`).toBeLessThan(4 * standardError(column));
    });
  });

  it('IWAE_K approaches log p(x): the gap shrinks from K = 1 to 3 to 30 (16 repeats each), and IWAE_5000 (streamed) is within 0.05 nats per datum', async () => {
    const gap = async (k: number): Promise<number> =>
      target - mean(await Promise.all(Array.from({ length: 16 }, async (_, r) => mean([...(await iwaeStreaming(m, off, batch, { k, chunk: 100, seed: 77 + r }))]))));
    const gaps = [await gap(1), await gap(3), await gap(30)];

    const l5000 = await iwaeStreaming(m, off, batch, { k: 5000, chunk: 500, seed: 2024 });

    expect(gaps[0]).toBeGreaterThan(gaps[1]);
    expect(gaps[1]).toBeGreaterThan(gaps[2]);
    l5000.forEach((v, i) => expect(Math.abs(v - logPx[i]), `datum ${i}: ${v} vs ${logPx[i]}`).toBeLessThan(0.05));
  });
});
