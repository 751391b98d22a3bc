/**
 * THE table of experiments of `strata reproduce NAME`: the single source
 * of the command's help, the README's list and the tests. Each entry is
 * data (src/experiments/<name>.ts); `quickPlan` derives the `--quick`
 * pipeline check of any of them (tiny preset, a few dozen steps, small K
 * and limits) so the quick mode cannot drift from the real plan.
 */
import { ablation } from './ablation.js';
import { anomaly } from './anomaly.js';
import type { Experiment, ExperimentName } from './experiment.js';
import { mnist } from './mnist.js';
import type { EvalPlan, Flag, RunPlan } from './plan.js';
import { semisupervised } from './semisupervised.js';
import { text } from './text.js';

/** Every experiment, in the order of the paper's sections as issue 17 lists them. */
export const experiments: readonly Experiment[] = [ablation, mnist, anomaly, semisupervised, text];

/** The experiment called `name`, or undefined. */
export const findExperiment = (name: string): Experiment | undefined => experiments.find((e) => e.name === name);

/** The experiment names, for messages: 'ablation, mnist, ...'. */
export const experimentNames = (): string => experiments.map((e) => e.name).join(', ');

/** Steps of every run in quick mode. */
export const QUICK_STEPS = 20;

/** A run of quick mode: tiny preset, QUICK_STEPS steps at batch 16, fine-tuning in the last 5 steps, frequent logs and checkpoints. */
const quickRun = (r: RunPlan): RunPlan => ({
  ...r,
  preset: 'tiny',
  steps: QUICK_STEPS,
  batch: 16,
  objective: r.objective.map(([name, value]): Flag => (name === 'finetune-after' ? [name, QUICK_STEPS - 5] : value === undefined ? [name] : [name, value])),
  schedule: [
    ['log-every', 5],
    ['checkpoint-every', 10],
  ],
});

/** An evaluation of quick mode: at most 4 importance samples and 64 examples (100 to classify, 4 samples to draw). */
const quickEval = (e: EvalPlan): EvalPlan => (e.kind === 'sample' ? { ...e, n: Math.min(e.n, 4) } : e.kind === 'classify' ? { ...e, limit: 100 } : { ...e, k: Math.min(e.k, 4), limit: 64 });

/** The `--quick` form of an experiment: the same runs, evaluations and plots at toy scale (a pipeline check, not a result). */
export const quickPlan = (e: Experiment): Experiment => ({
  ...e,
  budget: `quick mode: tiny preset, ${QUICK_STEPS} steps per run, K <= 4 on 64 examples`,
  runs: e.runs.map(quickRun),
  evaluations: e.evaluations.map(quickEval),
});

/** The help lines of the experiments: name, title, budget. */
export const experimentHelp = (): string[] => experiments.map((e) => `  ${e.name.padEnd(15)} ${e.title}; budget ${e.budget.split(':')[0]}`);

export type { Experiment, ExperimentName };
