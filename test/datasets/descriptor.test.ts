import { describe, expect, it } from 'vitest';
import { bitsPerDim } from '../../src/datasets/descriptor.js';

describe('bitsPerDim', () => {
  it('divides nats per example by d ln 2', () => {
    expect(bitsPerDim(784 * Math.LN2, 784)).toBeCloseTo(1, 12);
    expect(bitsPerDim(3072 * 3 * Math.LN2, 3072)).toBeCloseTo(3, 12);
  });
});
