import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auprc, detectionMetrics, fprAtTpr } from '../../src/report/detection.js';

// Without ties, AP is the mean over positives of the precision at each positive's rank.
const apByRank = (positives: number[], negatives: number[]): number => {
  const precisionAt = (s: number): number => {
    const above = positives.filter((p) => p >= s).length;
    return above / (above + negatives.filter((n) => n >= s).length);
  };
  return positives.reduce((sum, p) => sum + precisionAt(p), 0) / positives.length;
};

const distinct = fc.uniqueArray(fc.double({ min: Math.fround(-1e6), max: Math.fround(1e6), noNaN: true }), { minLength: 2, maxLength: 60 });

describe('auprc', () => {
  it("matches scikit-learn's average_precision_score on its documented example (0.8333)", () => {
    // y_true = [0, 0, 1, 1], y_score = [0.1, 0.4, 0.35, 0.8]
    const value = auprc([0.35, 0.8], [0.1, 0.4]);

    expect(value).toBeCloseTo(0.833333, 5);
  });

  it('equals the mean precision at each positive when no scores tie', () => {
    fc.assert(
      fc.property(distinct, fc.integer({ min: 1, max: 59 }), (scores, cut) => {
        const split = Math.min(cut, scores.length - 1);
        const positives = scores.slice(0, split);
        const negatives = scores.slice(split);

        expect(auprc(positives, negatives)).toBeCloseTo(apByRank(positives, negatives), 10);
      }),
    );
  });

  it('is 1 for perfect separation and the positives share when every score ties', () => {
    expect(auprc([3, 4], [1, 2, 2.5])).toBe(1);
    expect(auprc([1, 1], [1, 1, 1, 1, 1, 1])).toBeCloseTo(0.25, 12);
  });
});

describe('fprAtTpr', () => {
  it('is the share of negatives at or above the score that catches 80% of positives', () => {
    const positives = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]; // 80% caught at threshold 3
    const negatives = [9.5, 3.5, 2.5, 0, -1]; // 2 of 5 at or above 3

    expect(fprAtTpr(positives, negatives)).toBeCloseTo(0.4, 12);
    expect(fprAtTpr(positives, negatives, 1)).toBeCloseTo(0.6, 12);
  });

  it('refuses a rate outside (0, 1]', () => {
    expect(() => fprAtTpr([1], [0], 0)).toThrow(/tpr/);
  });
});

describe('detectionMetrics', () => {
  it('reports all three figures, perfect for separated sets and reversed when swapped', () => {
    const high = [5, 6, 7];
    const low = [1, 2, 3];

    expect(detectionMetrics(high, low)).toEqual({ auroc: 1, auprc: 1, fpr80: 0 });
    expect(detectionMetrics(low, high).auroc).toBe(0);
    expect(detectionMetrics(low, high).fpr80).toBe(1);
  });
});
