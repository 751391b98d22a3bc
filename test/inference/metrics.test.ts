import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { bernoulli, disposeParams, initParams, model, normal, prior, validate } from '../../src/dsl/index.js';
import { activeUnits, bitsPerDim, effectiveSampleSize, klPerNode } from '../../src/inference/metrics.js';
import { elbo } from '../../src/inference/objectives/elbo.js';
import { iwae } from '../../src/inference/objectives/iwae.js';
import { trace } from '../../src/inference/trace.js';

describe('bitsPerDim', () => {
  it('is -L / (d ln 2) for a bound L in nats', async () => {
    expect(bitsPerDim(-784 * Math.LN2, 784)).toBeCloseTo(1, 12);
    expect(bitsPerDim(-3072 * 3 * Math.LN2, 3072)).toBeCloseTo(3, 12);
  });
});

describe('activeUnits', () => {
  it('counts the dimensions whose posterior mean varies over the data by more than 0.01', async () => {
    // Arrange: dimension 0 varies (variance 1), dimension 1 barely (variance 1e-4).
    const means = tf.tensor2d([
      [1, 0.01],
      [-1, -0.01],
      [1, 0.01],
      [-1, -0.01],
    ]);
    // Act
    const result = await activeUnits(means);
    // Assert
    expect(result.active).toBe(1);
    expect(result.total).toBe(2);
    means.dispose();
  });
});

describe('metrics on a trace keep it usable', () => {
  it('klPerNode and effectiveSampleSize leave the lazy terms alive for an objective read afterwards', async () => {
    // Arrange
    const spec = model().observed('x', bernoulli([4])).latent('z', normal([2])).p('z', prior).p('x', ['z']).q('z', ['x']).spec;
    const m = validate(spec);
    if (E.isLeft(m)) throw new Error('invalid spec');
    const params = initParams(m.right, 3);
    const x = tf.tensor2d([[1, 0, 1, 1], [0, 0, 1, 0]]);
    // Act and Assert
    let read: Promise<Record<string, number>> | undefined;
    tf.tidy(() => {
      const t = trace(m.right, params, { x }, { seed: 5, k: 3 });
      read = klPerNode(t);
      const ess = effectiveSampleSize(t);
      expect(ess.shape).toEqual([2]);
      expect(Number.isFinite(elbo(t).dataSync()[0])).toBe(true);
      expect(Number.isFinite(iwae(t).dataSync()[0])).toBe(true);
    });
    expect((await read!).z).toBeGreaterThanOrEqual(0);
    x.dispose();
    disposeParams(params);
  });
});
