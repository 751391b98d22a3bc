import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { activeUnits, bitsPerDim } from '../../src/inference/metrics.js';

describe('bitsPerDim', () => {
  it('is -L / (d ln 2) for a bound L in nats', () => {
    expect(bitsPerDim(-784 * Math.LN2, 784)).toBeCloseTo(1, 12);
    expect(bitsPerDim(-3072 * 3 * Math.LN2, 3072)).toBeCloseTo(3, 12);
  });
});

describe('activeUnits', () => {
  it('counts the dimensions whose posterior mean varies over the data by more than 0.01', () => {
    // Arrange: dimension 0 varies (variance 1), dimension 1 barely (variance 1e-4).
    const means = tf.tensor2d([
      [1, 0.01],
      [-1, -0.01],
      [1, 0.01],
      [-1, -0.01],
    ]);
    // Act
    const result = activeUnits(means);
    // Assert
    expect(result.active).toBe(1);
    expect(result.total).toBe(2);
    means.dispose();
  });
});
