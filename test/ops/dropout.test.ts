import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maybeDropout } from '../../src/dsl/nets/activation.js';
import { dropout } from '../../src/ops/dropout.js';

describe('dropout', () => {
  it('property: every element is 0 or x / (1 - rate), kept with probability 1 - rate (within 4 standard errors)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.integer({ min: 0, max: 1e6 }), (rate, seed) => {
        const n = 20000;
        const x = tf.fill([n / 100, 100], 3);
        const y = tf.tidy(() => dropout(x, rate, seed)).dataSync();
        x.dispose();
        const kept = y.filter((v) => v !== 0);
        const keptShare = kept.length / n;
        const se = Math.sqrt(rate * (1 - rate) / n);
        return kept.every((v) => Math.abs(v - 3 / (1 - rate)) < 1e-5 * v) && Math.abs(keptShare - (1 - rate)) < 4 * se;
      }),
      { numRuns: 30 },
    );
  });

  it('is a function of the seed: the same seed gives the same mask, another seed another', () => {
    const x = tf.ones([64, 64]);

    const [a, b, c] = tf.tidy(() => [dropout(x, 0.5, 11), dropout(x, 0.5, 11), dropout(x, 0.5, 12)].map((t) => Array.from(t.dataSync())));

    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    x.dispose();
  });

  it('passes gradients through kept elements only, scaled by 1 / (1 - rate)', () => {
    const x = tf.ones([10, 10]);

    const [y, dx] = tf.tidy(() => [dropout(x, 0.25, 5), tf.grad((v: tf.Tensor) => tf.sum(dropout(v, 0.25, 5)))(x)].map((t) => Array.from(t.dataSync())));

    expect(dx).toEqual(y);
    x.dispose();
  });

  it('names a rate outside [0, 1)', () => {
    const x = tf.ones([2, 2]);

    expect(() => dropout(x, 1, 0)).toThrow('dropout: rate must be in [0, 1), got 1');
    expect(() => dropout(x, -0.1, 0)).toThrow('dropout: rate must be in [0, 1), got -0.1');
    x.dispose();
  });

  it('is the identity outside training and at rate 0, and leaves no tensors behind', () => {
    const x = tf.ones([4, 4]);
    const before = tf.memory().numTensors;

    expect(maybeDropout(x, 0.5, false, 1)).toBe(x);
    expect(maybeDropout(x, 0, true, 1)).toBe(x);
    tf.tidy(() => {
      maybeDropout(x, 0.5, true, 1);
    });

    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
