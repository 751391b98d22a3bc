import { describe, expect, it } from 'vitest';
import { ablation } from '../../src/experiments/ablation.js';
import { figureKey, type Figures } from '../../src/experiments/figures.js';
import { comparisonTable } from '../../src/experiments/report.js';

/**
 * Figures whose eval.json of each run (lvae s1, s2, lvae+ s1, s2, biva s1, s2)
 * has bound `lk`, `active` of the 10 units of z1 active and `upper` of the 10 of z2.
 */
const figures = (lk: readonly number[], active: readonly number[], upper: readonly number[] = active): Figures => ({
  runs: {},
  evaluations: Object.fromEntries(ablation.evaluations.map((e, i) => [figureKey(e), {
    command: 'strata eval', step: 1,
    result: { l1: lk[i] - 2, lk: lk[i], activeUnits: { z1: { active: active[i], total: 10 }, z2: { active: upper[i], total: 10 } } },
  }])),
});
const cell = (f: Figures, quantity: string, column: number): string => comparisonTable(ablation, f).rows.find((r) => r[0] === quantity)![column];

describe('the ablation experiment', () => {
  it('averages the seeds and finds BIVA best when its NLL is the lowest', () => {
    // Arrange
    const f = figures([-99, -97, -97, -95, -94, -96], [4, 6, 10, 10, 10, 10]);
    // Act / Assert
    expect(cell(f, 'LVAE: -L_1000 (mean of 2 seeds)', 3)).toBe('98.00 nats');
    expect(cell(f, 'BIVA: -L_1 on MNIST (mean of 2 seeds)', 3)).toBe('97.00 nats');
    expect(cell(f, 'BIVA -L_1000 minus the best of LVAE, LVAE+ (BIVA best: negative)', 3)).toBe('-1.00 nats');
    expect(cell(f, 'BIVA -L_1000 minus the best of LVAE, LVAE+ (BIVA best: negative)', 5)).toBe('reached');
    expect(cell(f, 'BIVA minus LVAE active fraction, all layers (LVAE leaves units inactive: > 0)', 3)).toBe('0.50');
    expect(cell(f, 'BIVA minus LVAE active fraction, all layers (LVAE leaves units inactive: > 0)', 5)).toBe('holds');
  });

  it('reports a missed target when LVAE+ has the better bound', () => {
    // Arrange
    const f = figures([-99, -99, -93, -93, -95, -95], [10, 10, 10, 10, 10, 10]);
    // Act / Assert
    expect(cell(f, 'BIVA -L_1000 minus the best of LVAE, LVAE+ (BIVA best: negative)', 5)).toBe('NOT reached');
    expect(cell(f, 'BIVA minus LVAE active fraction, all layers (LVAE leaves units inactive: > 0)', 5)).toBe('does not hold');
  });

  it('judges the upper latents apart from layer 1: BIVA ahead above it while behind over all layers', () => {
    // Arrange: LVAE uses all of z1 and 2 of z2; BIVA 5 of z1 and 6 of z2
    const f = figures([-99, -99, -97, -97, -95, -95], [10, 10, 8, 8, 5, 5], [2, 2, 4, 4, 6, 6]);
    // Act / Assert
    expect(cell(f, 'BIVA minus LVAE active fraction, all layers (LVAE leaves units inactive: > 0)', 5)).toBe('does not hold');
    expect(cell(f, 'LVAE: fraction of units active in layers 2 and 3, the upper latents (mean of 2 seeds)', 3)).toBe('0.20');
    expect(cell(f, 'BIVA minus LVAE active fraction, layers 2 and 3 (LVAE leaves its upper latents inactive: > 0)', 3)).toBe('0.40');
    expect(cell(f, 'BIVA minus LVAE active fraction, layers 2 and 3 (LVAE leaves its upper latents inactive: > 0)', 5)).toBe('holds');
  });
});
