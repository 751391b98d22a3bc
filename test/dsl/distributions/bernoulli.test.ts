import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { densityOf } from '../../../src/dsl/distributions/density.js';
import { bernoulli } from '../../../src/dsl/distributions/distribution.js';
import { bernoulliLogPmf } from '../../support/reference.js';
import { close, f32, valuesOf } from '../../support/tensors.js';

const logProbs = (logits: readonly number[], xs: readonly number[]): number[] =>
  valuesOf(() => densityOf(bernoulli([logits.length]), tf.tensor2d([[...logits]])).logProbElements(tf.tensor2d([[...xs]])));

const cases = fc.array(fc.record({ logit: fc.float(f32(-100, 100)), x: fc.constantFrom(0, 1) }), { minLength: 1, maxLength: 8 });

describe('bernoulli log-density', () => {
  it('log Bern(x; sigmoid(l)) equals the float64 reference within 1e-5 + 1e-6 |ref| for logits in [-100, 100]', () => {
    fc.assert(
      fc.property(cases, (cs) => {
        const actual = logProbs(
          cs.map((c) => c.logit),
          cs.map((c) => c.x),
        );
        return cs.every((c, i) => close(actual[i], bernoulliLogPmf(c.x, c.logit), 1e-5, 1e-6));
      }),
    );
  });

  it('property: P(x = 0) + P(x = 1) = 1 for any logit in [-100, 100] (within 1e-6)', () => {
    fc.assert(
      fc.property(fc.array(fc.float(f32(-100, 100)), { minLength: 1, maxLength: 8 }), (logits) => {
        const zeros = logProbs(logits, logits.map(() => 0));
        const ones = logProbs(logits, logits.map(() => 1));
        return logits.every((_, i) => Math.abs(Math.exp(zeros[i]) + Math.exp(ones[i]) - 1) <= 1e-6);
      }),
    );
  });

  it('log-densities are finite and <= 0 at logits +-100', () => {
    const actual = logProbs([100, 100, -100, -100], [0, 1, 0, 1]);

    expect(actual.every((v) => Number.isFinite(v) && v <= 0)).toBe(true);
    expect(actual[0]).toBeCloseTo(-100, 3);
    expect(actual[3]).toBeCloseTo(-100, 3);
  });

  it('gradients with respect to the logits are finite for logits in [-100, 100]', () => {
    fc.assert(
      fc.property(fc.float(f32(-100, 100)), fc.constantFrom(0, 1), (logit, x) =>
        valuesOf(() => tf.grad((l: tf.Tensor) => tf.sum(densityOf(bernoulli([1]), l).logProbElements(tf.tensor2d([[x]]))))(tf.tensor2d([[logit]]))).every(
          Number.isFinite,
        ),
      ),
    );
  });

  it('samples are 0/1 with frequency sigmoid(l)', () => {
    const n = 20000;
    const logit = 0.8;
    const p = 1 / (1 + Math.exp(-logit));

    const samples = valuesOf(() => densityOf(bernoulli([1]), tf.fill([n, 1], logit)).sample(11));
    const freq = samples.reduce((a, v) => a + v, 0) / n;

    expect(samples.every((v) => v === 0 || v === 1)).toBe(true);
    expect(Math.abs(freq - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
  });
});
