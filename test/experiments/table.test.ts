import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { classifyCommand } from '../../src/cli/classify-command.js';
import { evalCommand } from '../../src/cli/eval-command.js';
import { parseFlags } from '../../src/cli/flags.js';
import { sampleCommand } from '../../src/cli/sample-command.js';
import { scoreCommand } from '../../src/cli/score-command.js';
import { trainCommand } from '../../src/cli/train-command.js';
import { configOf } from '../../src/cli/train-flags.js';
import { isDatasetName } from '../../src/datasets/index.js';
import { evalArgv, evalKey, newRunArgv, resumeArgv } from '../../src/experiments/plan.js';
import { experimentHelp, experiments, findExperiment, QUICK, quickPlan } from '../../src/experiments/table.js';
import { presets, zooModels } from '../../src/models/index.js';

const commands = { eval: evalCommand, score: scoreCommand, classify: classifyCommand, sample: sampleCommand } as const;
const plans = experiments.flatMap((e) => [e, quickPlan(e)]);

describe('the table of experiments', () => {
  it('has the five experiments of issue 17, each once, and lists them in the help', () => {
    // Act / Assert
    expect(experiments.map((e) => e.name)).toEqual(['ablation', 'mnist', 'anomaly', 'semisupervised', 'text']);
    expect(experimentHelp()).toHaveLength(5);
    expect(findExperiment('nope')).toBeUndefined();
  });

  it.each(plans.map((p) => [`${p.name}${p.budget.startsWith('quick') ? ' (quick)' : ''}`, p] as const))('%s: every run is a valid strata train command', (_, plan) => {
    for (const run of plan.runs) {
      // Act
      const args = parseFlags(newRunArgv(run, `runs/${run.id}`, 'wasm').slice(1), trainCommand.flags);
      // Assert
      expect(E.isRight(args), `${run.id}: ${E.isLeft(args) ? args.left : ''}`).toBe(true);
      if (E.isRight(args)) expect(E.isRight(configOf(args.right)), run.id).toBe(true);
      expect(E.isRight(parseFlags(resumeArgv(run, `runs/${run.id}`).slice(1), trainCommand.flags))).toBe(true);
      expect(isDatasetName(run.data), run.data).toBe(true);
      expect(Object.keys(presets)).toContain(run.preset);
      expect([...zooModels.map((m) => m.name), ...plan.requires]).toContain(run.model);
    }
  });

  it.each(plans.map((p) => [p.name, p] as const))('%s: evaluations, plots and histograms name runs of the plan, with valid flags and distinct records', (_, plan) => {
    // Arrange
    const ids = plan.runs.map((r) => r.id);
    // Act / Assert
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of plan.evaluations) {
      expect(ids).toContain(e.run);
      expect(E.isRight(parseFlags(evalArgv(e, 'runs/x', 'wasm').slice(1), commands[e.kind].flags)), evalKey(e)).toBe(true);
    }
    const records = plan.evaluations.map((e) => `${e.run}/${evalKey(e)}`);
    expect(new Set(records).size).toBe(records.length);
    for (const id of [...plan.plots.flatMap((p) => p.runs), ...plan.histograms]) expect(ids).toContain(id);
  });

  it('quick mode keeps the runs and seeds but trains the tiny preset for a few dozen steps, fine-tuning before the end', () => {
    for (const e of experiments) {
      // Act
      const quick = quickPlan(e);
      // Assert
      expect(quick.runs.map((r) => [r.id, r.seed])).toEqual(e.runs.map((r) => [r.id, r.seed]));
      for (const r of quick.runs) {
        expect(r.preset).toBe('tiny');
        expect(r.steps).toBe((e.quick ?? QUICK).steps);
        expect(r.steps).toBeLessThanOrEqual(50);
        const finetune = r.objective.find(([n]) => n === 'finetune-after');
        if (finetune !== undefined) expect(Number(finetune[1])).toBeLessThan(r.steps);
        const logEvery = r.schedule.find(([n]) => n === 'log-every');
        expect(Number(logEvery?.[1]), 'a log record for the plots').toBeLessThanOrEqual(r.steps);
      }
      for (const v of quick.evaluations) expect(v.kind === 'sample' ? v.n : v.limit).toBeLessThanOrEqual(100);
    }
  });

  it('gives every experiment a budget, a finding and at least one comparison with the paper carrying a target', () => {
    for (const e of experiments) {
      // Act / Assert
      expect(e.budget.length, e.name).toBeGreaterThan(10);
      expect(e.finding.length, e.name).toBeGreaterThan(50);
      expect(e.comparisons.some((c) => c.target !== undefined), e.name).toBe(true);
    }
  });

  it("matches the README's table of experiments, row for row", () => {
    // Arrange
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    // Act / Assert
    for (const e of experiments) expect(readme).toContain(`| \`${e.name}\` | ${e.title} | ${e.budget.split(':')[0]} |`);
  });
});
