/**
 * THE table of experiments of `strata reproduce NAME`: the single source
 * of the command's help, the README's list and the tests. Each entry is
 * data (src/experiments/<name>.ts); `quickPlan` derives the `--quick`
 * pipeline check of any of them (tiny preset, a few dozen steps, small K
 * and limits) so the quick mode cannot drift from the real plan.
 */
import { ablation } from './ablation.js';
import { anomaly } from './anomaly.js';
import type { Experiment, ExperimentName, QuickScale } from './experiment.js';
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

/** The default scale of quick mode: 20 steps at batch 16, K <= 4 on 64 examples (100 to classify, 4 samples). */
export const QUICK: QuickScale = { steps: 20, batch: 16, k: 4, limit: 64 };

/** A run of quick mode: tiny preset, the scale's steps and batch, fine-tuning before the end, four log records, a checkpoint halfway. */
const quickRun = (r: RunPlan, q: QuickScale): RunPlan => ({
  ...r,
  preset: 'tiny',
  steps: q.steps,
  batch: q.batch,
  objective: r.objective.map(([name, value]): Flag => (name === 'finetune-after' ? [name, Math.max(0, q.steps - 5)] : value === undefined ? [name] : [name, value])),
  schedule: [
    ['log-every', Math.max(1, Math.floor(q.steps / 4))],
    ['checkpoint-every', Math.max(1, Math.floor(q.steps / 2))],
  ],
});

/** An evaluation of quick mode at scale `q`. */
const quickEval = (e: EvalPlan, q: QuickScale): EvalPlan =>
  e.kind === 'sample' ? { ...e, n: Math.min(e.n, 4) } : e.kind === 'classify' ? { ...e, limit: Math.max(q.limit, 100) } : { ...e, k: Math.min(e.k, q.k), limit: q.limit };

/** The `--quick` form of an experiment: the same runs, evaluations and plots at toy scale (a pipeline check, not a result). */
export const quickPlan = (e: Experiment): Experiment => {
  const q = e.quick ?? QUICK;
  return {
    ...e,
    budget: `quick mode: tiny preset, ${q.steps} steps per run, K <= ${q.k} on ${q.limit} examples`,
    runs: e.runs.map((r) => quickRun(r, q)),
    evaluations: e.evaluations.map((v) => quickEval(v, q)),
  };
};

/** The help lines of the experiments: name, title, budget. */
export const experimentHelp = (): string[] => experiments.map((e) => `  ${e.name.padEnd(15)} ${e.title}; budget ${e.budget.split(':')[0]}`);

export type { Experiment, ExperimentName };
