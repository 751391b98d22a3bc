import { describe, expect, it } from 'vitest';
import type { Experiment } from '../../src/experiments/experiment.js';
import { numberAt, resultOf, type Figures } from '../../src/experiments/figures.js';
import { comparisonTable, experimentReadme, gatheredReadme, markdownTable, missedTargets, type RunContext } from '../../src/experiments/report.js';

const evalStep = { kind: 'eval', run: 'r1', k: 1000 } as const;
const nll = (f: Figures): number | undefined => {
  const v = numberAt(resultOf(f, evalStep), 'lk');
  return v === undefined ? undefined : -v;
};
const experiment: Experiment = {
  name: 'mnist',
  title: 'Toy',
  finding: 'A finding.',
  budget: '10 minutes',
  requires: [],
  runs: [{ id: 'r1', label: 'R1', model: 'biva', preset: 'tiny', data: 'mnist-dyn', objective: [], steps: 10, batch: 4, seed: 7, schedule: [] }],
  evaluations: [evalStep],
  plots: [],
  histograms: [],
  comparisons: [
    { quantity: '-L_1000', paper: '78.41 nats', source: 'Table 1', ours: nll, unit: 'nats', target: { below: 86, remedy: 'Train longer.' } },
    { quantity: 'claim', paper: 'yes', source: 'x', ours: (f) => (nll(f) === undefined ? undefined : -1), unit: '', target: { above: 0, verdicts: ['holds', 'does not hold'], remedy: 'Explain.' } },
  ],
  details: () => ({ columns: ['a'], rows: [['b']] }),
};
const figures = (lk: number): Figures => ({
  runs: { r1: { step: 10, steps: 10, seed: 7, command: 'strata train --seed 7', backend: 'native' } },
  evaluations: { 'r1/eval': { command: 'strata eval runs/r1 --k 1000', step: 10, result: { lk } } },
});
const ctx: RunContext = { command: 'strata reproduce mnist', backend: 'native', machine: '2 x EPYC', quick: false, time: '2026-12-01T00:00:00Z', runsRoot: 'runs/reproduce/mnist' };

describe('the results as text', () => {
  it('writes a markdown table with escaped pipes', () => {
    // Act
    const md = markdownTable({ columns: ['a', 'b'], rows: [['1', 'x|y']] });
    // Assert
    expect(md.split('\n')).toEqual(['| a | b |', '| --- | --- |', '| 1 | x\\|y |']);
  });

  it('says whether each target was reached, with the claim verdicts where given', () => {
    // Act
    const met = comparisonTable(experiment, figures(-80)).rows;
    const missed = comparisonTable(experiment, figures(-90)).rows;
    const none = comparisonTable(experiment, { runs: {}, evaluations: {} }).rows;
    // Assert
    expect(met[0]).toEqual(['-L_1000', '78.41 nats', 'Table 1', '80.00 nats', '< 86', 'reached']);
    expect(missed[0].slice(3)).toEqual(['90.00 nats', '< 86', 'NOT reached']);
    expect(met[1].slice(4)).toEqual(['> 0', 'does not hold']);
    expect(none[0].slice(3)).toEqual(['n/a', '< 86', 'not measured']);
  });

  it('explains every missed target with its remedy, and none that was reached', () => {
    // Act
    const missed = missedTargets(experiment, figures(-90));
    const reached = missedTargets(experiment, figures(-80));
    // Assert
    expect(missed).toEqual(['- -L_1000: target < 86 not reached (ours 90.00). Train longer.', '- claim: target > 0 does not hold (ours -1.00). Explain.']);
    expect(reached).toHaveLength(1);
  });

  it('writes the command, budget, seeds, backend, machine and every producing command into the README', () => {
    // Act
    const readme = experimentReadme(experiment, figures(-80), ctx, ['kl.png']);
    // Assert
    for (const text of ['`strata reproduce mnist`', 'budget: 10 minutes', 'seeds: 7', 'backend: native; machine: 2 x EPYC', '![kl.png](kl.png)', '`strata eval runs/r1 --k 1000`', 'step 10 of 10']) {
      expect(readme).toContain(text);
    }
    expect(readme).not.toContain('quick mode');
  });

  it('gathers every experiment, telling how to produce the missing ones', () => {
    // Act
    const text = gatheredReadme([
      { experiment, figures: figures(-80), command: 'strata reproduce mnist' },
      { experiment: { ...experiment, name: 'text' }, command: 'strata reproduce text' },
    ]);
    // Assert
    expect(text).toContain('| -L_1000 | 78.41 nats | Table 1 | 80.00 nats | < 86 | reached |');
    expect(text).toContain('Not run yet: `strata reproduce text`');
    expect(text).not.toContain('In progress');
  });

  it('says how many runs an experiment spent over several sessions has finished', () => {
    // Arrange: a second run not started yet
    const two: Experiment = { ...experiment, runs: [...experiment.runs, { ...experiment.runs[0], id: 'r2', seed: 8 }] };
    // Act
    const text = gatheredReadme([{ experiment: two, figures: figures(-80), command: 'strata reproduce mnist' }]);
    // Assert
    expect(text).toContain('In progress: 1 of 2 runs finished; `strata reproduce mnist` continues it.');
  });
});
