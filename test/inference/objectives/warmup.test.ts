import { describe, expect, it } from 'vitest';
import { elboPerDatum } from '../../../src/inference/objectives/elbo.js';
import { iwaePerDatum } from '../../../src/inference/objectives/iwae.js';
import { logWeights } from '../../../src/inference/objectives/log-weights.js';
import { linearWarmup, warmup } from '../../../src/inference/objectives/warmup.js';
import { valuesOn } from './constructed-trace.js';

const recon = [-10, -12, -8];
const kl = {
  z: [
    [0.4, 1.1],
    [0.2, 0.3],
    [2.0, 0.5],
  ],
  u: [[0.7], [0.1], [0.25]],
};
const klTotal = [2.2, 0.6, 2.75];

const expectClose = (actual: readonly number[], expected: readonly number[]): void => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expect(v, `datum ${i}`).toBeCloseTo(expected[i], 5));
};

describe('warmup (KL scaling)', () => {
  it('warmup(1) is the identity for the ELBO (analytic and MC) and for IWAE', () => {
    expectClose(valuesOn(recon, kl, (t) => elboPerDatum(warmup(1)(t))), valuesOn(recon, kl, (t) => elboPerDatum(t)));
    expectClose(valuesOn(recon, kl, (t) => elboPerDatum(warmup(1)(t), { kl: 'mc' })), valuesOn(recon, kl, (t) => elboPerDatum(t, { kl: 'mc' })));
    expectClose(valuesOn(recon, kl, (t) => iwaePerDatum(warmup(1)(t))), valuesOn(recon, kl, iwaePerDatum));
  });

  it('warmup(0) leaves only the reconstruction term, in the ELBO and in the log-weights', () => {
    expectClose(valuesOn(recon, kl, (t) => elboPerDatum(warmup(0)(t))), recon);
    expectClose(valuesOn(recon, kl, (t) => logWeights(warmup(0)(t))), recon);
  });

  it('warmup(0.25) gives E[log p(x | z)] - 0.25 KL', () => {
    expectClose(
      valuesOn(recon, kl, (t) => elboPerDatum(warmup(0.25)(t))),
      recon.map((r, i) => r - 0.25 * klTotal[i]),
    );
  });

  it('rejects beta outside [0, 1] (and NaN), naming it', () => {
    expect(() => valuesOn(recon, kl, (t) => elboPerDatum(warmup(1.5)(t)))).toThrow(/beta must be in \[0, 1\], got 1.5/);
    expect(() => valuesOn(recon, kl, (t) => elboPerDatum(warmup(-0.1)(t)))).toThrow(/got -0.1/);
    expect(() => valuesOn(recon, kl, (t) => elboPerDatum(warmup(Number.NaN)(t)))).toThrow(/got NaN/);
  });
});

describe('linearWarmup schedule', () => {
  it('rises linearly from 0 at step 0 to 1 at step N, and stays at 1 after', () => {
    const schedule = linearWarmup(10);

    expect([0, 1, 5, 10, 11, 1000].map(schedule)).toEqual([0, 0.1, 0.5, 1, 1, 1]);
  });

  it('is 1 at once when N is 0, and 0 for a negative step', () => {
    expect(linearWarmup(0)(0)).toBe(1);
    expect(linearWarmup(10)(-3)).toBe(0);
  });
});
