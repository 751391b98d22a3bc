import { describe, expect, it } from 'vitest';
import { activeByLayer, activeFraction, figureKey, firstNumber, meanOf, numberAt, resultOf, scoreRows, show } from '../../src/experiments/figures.js';

const evalJson = { l1: -90, lk: -88, activeUnits: { z1_bu: { active: 3, total: 4 }, z1_td: { active: 4, total: 4 }, z2: { active: 1, total: 2 } } };

describe('reading figures', () => {
  it('reads finite numbers at a path and nothing else', () => {
    // Act / Assert
    expect(numberAt(evalJson, 'l1')).toBe(-90);
    expect(numberAt(evalJson, 'activeUnits', 'z2', 'total')).toBe(2);
    expect(numberAt({ x: Number.NaN }, 'x')).toBeUndefined();
    expect(numberAt({ x: '1' }, 'x')).toBeUndefined();
    expect(numberAt(undefined, 'x', 'y')).toBeUndefined();
  });

  it('takes the first path that holds a number (fields that moved between versions)', () => {
    // Act / Assert
    expect(firstNumber({ text: { perplexity: 40 } }, [['perplexity'], ['text', 'perplexity']])).toBe(40);
    expect(firstNumber({}, [['perplexity']])).toBeUndefined();
  });

  it('sums active units per layer from the node names, bottom first', () => {
    // Act / Assert
    expect(activeByLayer(evalJson)).toEqual(['7/8', '1/2']);
    expect(activeByLayer({})).toEqual([]);
    expect(activeFraction(evalJson)).toBeCloseTo(8 / 10);
  });

  it('counts the active fraction of the upper layers only when asked, and of a node without a layer number in the whole', () => {
    // Act / Assert
    expect(activeFraction(evalJson, 2)).toBeCloseTo(1 / 2);
    expect(activeFraction(evalJson, 3)).toBeUndefined();
    expect(activeFraction({ activeUnits: { z: { active: 5, total: 10 } } })).toBeCloseTo(1 / 2);
  });

  it('averages the defined values only and prints missing ones as n/a', () => {
    // Act / Assert
    expect(meanOf([1, undefined, 3])).toBe(2);
    expect(meanOf([undefined])).toBeUndefined();
    expect(show(undefined)).toBe('n/a');
    expect(show(1.2345, 3)).toBe('1.234');
  });

  it('keys an evaluation by run and kind, not by K or limit, so a quick plan reads its own figures', () => {
    // Arrange
    const full = { kind: 'eval', run: 'r', k: 1000, limit: 5000 } as const;
    const quick = { ...full, k: 4, limit: 64 };
    const figures = { runs: {}, evaluations: { [figureKey(quick)]: { command: 'strata eval', step: 1, result: evalJson } } };
    // Act / Assert
    expect(resultOf(figures, full)).toBe(evalJson);
    expect(figureKey({ kind: 'score', run: 'r', vs: 'a', k: 1, limit: 1 })).not.toBe(figureKey({ kind: 'score', run: 'r', vs: 'b', k: 1, limit: 1 }));
  });

  it('keeps the score rows that name their score', () => {
    // Act / Assert
    expect(scoreRows({ scores: [{ score: 'L>0', auroc: 0.3 }, { auroc: 1 }] })).toEqual([{ score: 'L>0', auroc: 0.3 }]);
    expect(scoreRows(undefined)).toEqual([]);
  });
});
