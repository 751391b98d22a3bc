import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { disposeParams } from '../../src/dsl/params.js';
import { anomalyScores, defaultScoreLayers, likelihoodRatio } from '../../src/train/anomaly-scores.js';
import { data, exactLogMarginal, exactPosterior, generative, linearGaussian, paramsOf } from '../support/linear-gaussian.js';

// A linear-Gaussian model with its exact posterior as q: every importance
// weight of L^{>0} equals log p(x), so L^{>0} is exact; L^{>1} draws z from the
// prior, which is close to exact near the data's mean and far below log p(x)
// for points whose posterior lies far out in the prior's tail: the data moved
// along W's columns (1, 1, 0) and (0.5, -0.5, 1). For those
// "out-of-distribution" points both the bound (lower) and LLR^{>1} (higher)
// must detect them perfectly.
const m = linearGaussian(2, 3);
const params = paramsOf(m, generative, exactPosterior(generative));
const near = data.map((r) => [...r]);
const shift = [6 + 2, 6 - 2, 4];
const far = data.map((r) => r.map((v, j) => v + shift[j]));
const batches = { in: { x: tf.tensor2d(near) }, out: { x: tf.tensor2d(far) } };
afterAll(() => {
  disposeParams(params);
  batches.in.x.dispose();
  batches.out.x.dispose();
});

describe('anomalyScores', () => {
  it('gives the exact log-likelihood as L>0, LLR>1 = L>0 - L>1, and detects far points by both scores', async () => {
    // Arrange
    const before = tf.memory().numTensors;
    // Act
    const scores = await anomalyScores(m, params, (set) => [batches[set]], { layers: [1], k: 2000, seed: 3, chunk: 500 });
    // Assert
    expect(scores.map((s) => s.name)).toEqual(['L>0', 'L>1', 'LLR>1']);
    const [bound, partial, ratio] = scores;
    near.forEach((x, i) => expect(bound.inDistribution[i]).toBeCloseTo(exactLogMarginal(generative, x), 3));
    far.forEach((x, i) => expect(bound.outOfDistribution[i]).toBeCloseTo(exactLogMarginal(generative, x), 2));
    ratio.inDistribution.forEach((r, i) => expect(r).toBeCloseTo(bound.inDistribution[i] - partial.inDistribution[i], 5));
    // Near the mean the prior proposal is nearly exact; far away it misses the posterior.
    ratio.inDistribution.forEach((r) => expect(Math.abs(r)).toBeLessThan(0.2));
    ratio.outOfDistribution.forEach((r) => expect(r).toBeGreaterThan(1));
    expect(bound.direction).toBe(-1);
    expect(ratio.direction).toBe(1);
    expect(bound.detection).toEqual({ auroc: 1, auprc: 1, fpr80: 0 });
    expect(ratio.detection).toEqual({ auroc: 1, auprc: 1, fpr80: 0 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a k that is not a layer of the model', async () => {
    expect(() => anomalyScores(m, params, (set) => [batches[set]], { layers: [3], k: 2, seed: 1 })).toThrow(/layer 3 does not exist/);
  });
});

describe('likelihoodRatio', () => {
  it('subtracts elementwise and refuses different lengths', async () => {
    expect(Array.from(likelihoodRatio(Float32Array.of(-90, -100), Float32Array.of(-110, -101)))).toEqual([20, 1]);
    expect(() => likelihoodRatio(Float32Array.of(1), Float32Array.of(1, 2))).toThrow(RangeError);
  });
});

describe('defaultScoreLayers', () => {
  it('is 0 and every layer below the top', async () => {
    expect(defaultScoreLayers(m)).toEqual([0]);
    expect(defaultScoreLayers({ ...m, layers: [1, 2, 3] })).toEqual([0, 1, 2]);
  });
});
