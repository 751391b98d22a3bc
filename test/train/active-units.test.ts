import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { disposeParams, initParams } from '../../src/dsl/params.js';
import { modelBatch } from '../../src/train/batch.js';
import { evaluateBounds } from '../../src/train/evaluation.js';
import { mnistBatcher, tinyModel } from './fixtures.js';

describe('active units correct for the sampling noise of the posterior-mean estimate', () => {
  it('a posterior N(0, softplus(0)^2) for every x has no active unit, although 4-sample means vary by sigma^2 / 4 = 0.12 > 0.06', async () => {
    const model = tinyModel();
    const params = initParams(model, 3);
    params.forEach((v, name) => name.startsWith('q:') && v.assign(tf.zerosLike(v)));
    const batcher = mnistBatcher(32);
    const batches = [0, 1, 2, 3].map((i) => {
      const data = batcher.batchAt(0, i);
      return tf.tidy(() => modelBatch(model, data));
    });
    const sigma2 = Math.log(2) ** 2;

    const report = await evaluateBounds(model, params, batches, { k: 1, seed: 4, unitSamples: 4, threshold: 0.06 });
    batches.forEach((b) => tf.dispose(Object.values(b)));
    disposeParams(params);

    expect(sigma2 / 4).toBeGreaterThan(2 * 0.06);
    expect(report.examples).toBe(128);
    expect(report.activeUnits).toEqual({ z1: { active: 0, total: 4 }, z2: { active: 0, total: 2 } });
  });
});
