import { describe, expect, it } from 'vitest';
import { figureKey, type Figures } from '../../src/experiments/figures.js';
import { comparisonTable } from '../../src/experiments/report.js';
import { semisupervised } from '../../src/experiments/semisupervised.js';

const figures = (errors: readonly (number | undefined)[]): Figures => ({
  runs: {},
  evaluations: Object.fromEntries(
    semisupervised.evaluations.flatMap((e, i) => (errors[i] === undefined ? [] : [[figureKey(e), { command: 'strata classify', step: 1, result: { error: errors[i] } }]])),
  ),
});

describe('the semisupervised experiment', () => {
  it('reports the test error in percent, mean and best over the seeds that ran', () => {
    // Arrange
    const f = figures([0.04, 0.02, undefined]);
    // Act
    const rows = comparisonTable(semisupervised, f).rows;
    // Assert
    expect(rows[0].slice(3)).toEqual(['3.00 %', '< 5', 'reached']);
    expect(rows[1][3]).toBe('2.00 %');
  });
});
