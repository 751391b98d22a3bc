import { describe, expect, it } from 'vitest';
import { anomaly } from '../../src/experiments/anomaly.js';
import { figureKey, type Figures } from '../../src/experiments/figures.js';
import { comparisonTable } from '../../src/experiments/report.js';

/** Figures whose dynamic-binarization scores.json has these rows (bounds as log-likelihoods, negative). */
const figures = (rows: readonly object[]): Figures => ({
  runs: {},
  evaluations: { [figureKey(anomaly.evaluations[0])]: { command: 'strata score', step: 1, result: { scores: rows } } },
});
const cell = (f: Figures, quantity: string, column: number): string => comparisonTable(anomaly, f).rows.find((r) => r[0] === quantity)![column];

describe('the anomaly experiment', () => {
  it("prints bounds as NLLs and says the paper's L^{>0} claim holds when Fashion's NLL is the lower", () => {
    // Arrange
    const f = figures([
      { score: 'L>0', meanInDistribution: -94, meanOutOfDistribution: -128, auroc: 0.3 },
      { score: 'LLR>1', meanInDistribution: 1, meanOutOfDistribution: 5, auroc: 0.97 },
    ]);
    // Act / Assert
    expect(cell(f, 'dynamic: -L^{>0} on Fashion (in)', 3)).toBe('94.00 nats');
    expect(cell(f, "dynamic: the paper's claim, -L^{>0} MNIST minus Fashion (holds when > 0)", 5)).toBe('holds');
    expect(cell(f, 'dynamic: best AUROC over L^{>k}, LLR^{>k}', 3)).toBe('0.9700');
    expect(cell(f, 'dynamic: best AUROC over L^{>k}, LLR^{>k}', 5)).toBe('reached');
    expect(cell(f, 'thresholded: best AUROC over L^{>k}, LLR^{>k}', 5)).toBe('not measured');
  });

  it('says the claim does not hold when MNIST gets the higher likelihood', () => {
    // Arrange
    const f = figures([{ score: 'L>0', meanInDistribution: -130, meanOutOfDistribution: -100, auroc: 0.2 }]);
    // Act / Assert
    expect(cell(f, "dynamic: the paper's claim, -L^{>0} MNIST minus Fashion (holds when > 0)", 3)).toBe('-30.00 nats');
    expect(cell(f, "dynamic: the paper's claim, -L^{>0} MNIST minus Fashion (holds when > 0)", 5)).toBe('does not hold');
    expect(cell(f, 'dynamic: best AUROC over L^{>k}, LLR^{>k}', 5)).toBe('NOT reached');
  });
});
