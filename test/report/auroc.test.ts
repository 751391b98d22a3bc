import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auroc, rocCurve } from '../../src/report/auroc.js';

const bruteForce = (positives: number[], negatives: number[]): number => {
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (positives.length * negatives.length);
};

const trapezoidArea = (points: { falsePositiveRate: number; truePositiveRate: number }[]): number => {
  let area = 0;
  for (let i = 1; i < points.length; i++) {
    area += ((points[i].falsePositiveRate - points[i - 1].falsePositiveRate) * (points[i].truePositiveRate + points[i - 1].truePositiveRate)) / 2;
  }
  return area;
};

// Small integers make ties frequent; doubles cover the general case.
const scores = fc.oneof(
  fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 40 }),
  fc.array(fc.double({ min: Math.fround(-1e6), max: Math.fround(1e6), noNaN: true }), { minLength: 1, maxLength: 40 }),
);

describe('auroc', () => {
  it('equals the brute-force pair count with ties counted half', () => {
    fc.assert(
      fc.property(scores, scores, (positives, negatives) => {
        expect(auroc(positives, negatives)).toBeCloseTo(bruteForce(positives, negatives), 12);
      }),
    );
  });

  it('is 1 for perfect separation and 0 when reversed', () => {
    const high = [5, 6, 7.5];
    const low = new Float32Array([-1, 0, 4.9, 2]);

    expect(auroc(high, low)).toBe(1);
    expect(auroc(low, high)).toBe(0);
  });

  it('is one half when every score is tied', () => {
    expect(auroc([2, 2], [2, 2, 2])).toBe(0.5);
  });

  it('handles infinite scores', () => {
    expect(auroc([Infinity, 1], [-Infinity, 1])).toBe(0.875);
  });

  it('rejects an empty set and NaN, naming the argument', () => {
    expect(() => auroc([], [1])).toThrow('auroc: positives is empty');
    expect(() => auroc([1], [0, NaN])).toThrow('auroc: negatives[1] is NaN');
  });
});

describe('rocCurve', () => {
  it('runs from (0, 0) to (1, 1) with non-decreasing rates and encloses the auroc', () => {
    fc.assert(
      fc.property(scores, scores, (positives, negatives) => {
        const curve = rocCurve(positives, negatives);

        expect(curve[0]).toEqual({ falsePositiveRate: 0, truePositiveRate: 0, threshold: Infinity });
        expect(curve[curve.length - 1]).toMatchObject({ falsePositiveRate: 1, truePositiveRate: 1 });
        for (let i = 1; i < curve.length; i++) {
          expect(curve[i].falsePositiveRate).toBeGreaterThanOrEqual(curve[i - 1].falsePositiveRate);
          expect(curve[i].truePositiveRate).toBeGreaterThanOrEqual(curve[i - 1].truePositiveRate);
          expect(curve[i].threshold).toBeLessThan(curve[i - 1].threshold);
        }
        expect(trapezoidArea(curve)).toBeCloseTo(auroc(positives, negatives), 12);
      }),
    );
  });

  it('puts one point per distinct score', () => {
    const curve = rocCurve([3, 1], [2, 1]);

    expect(curve).toEqual([
      { falsePositiveRate: 0, truePositiveRate: 0, threshold: Infinity },
      { falsePositiveRate: 0, truePositiveRate: 0.5, threshold: 3 },
      { falsePositiveRate: 0.5, truePositiveRate: 0.5, threshold: 2 },
      { falsePositiveRate: 1, truePositiveRate: 1, threshold: 1 },
    ]);
  });
});
