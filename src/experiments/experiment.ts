/**
 * An experiment of `strata reproduce`: its plan (runs, evaluations, plots),
 * its stated budget, the paper's figures beside ours with the targets of
 * issue 17, and a detail table; all pure data and pure functions of the
 * figures (src/experiments/figures.ts).
 */
import type { Figures } from './figures.js';
import type { EvalPlan, PlotPlan, RunPlan } from './plan.js';

/** The experiments, by name (`strata reproduce NAME`). */
export type ExperimentName = 'ablation' | 'mnist' | 'anomaly' | 'semisupervised' | 'text';

/** A target of issue 17 on one of our figures, and what would reach it when missed. */
export interface Target {
  /** Reached when our figure is below this value. */
  readonly below?: number;
  /** Reached when our figure is above this value. */
  readonly above?: number;
  /** What would reach it (more steps, a bigger preset, a GPU...). */
  readonly remedy: string;
  /** The verdicts when the target checks a claim rather than a goal: [met, missed], e.g. ['holds', 'does not hold'] (default ['reached', 'NOT reached']). */
  readonly verdicts?: readonly [met: string, missed: string];
}

/** One line of the comparison: a quantity, the paper's figure (as printed there), ours and its target. */
export interface Comparison {
  readonly quantity: string;
  /** The paper's figure with its unit, or '-' when the paper has none. */
  readonly paper: string;
  /** Where the paper's figure comes from. */
  readonly source: string;
  readonly ours: (f: Figures) => number | undefined;
  readonly unit: string;
  readonly digits?: number;
  readonly target?: Target;
}

/** A table: column headers and rows of cells. */
export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** One experiment. */
export interface Experiment {
  readonly name: ExperimentName;
  readonly title: string;
  /** The paper's finding it checks, in one or two sentences. */
  readonly finding: string;
  /** The stated budget on the reference machine, e.g. 'about 1 h 50 min on native (2-core EPYC)'. */
  readonly budget: string;
  /** Zoo models the runs need besides the built-in ones (the experiment cannot run without them). */
  readonly requires: readonly string[];
  readonly runs: readonly RunPlan[];
  readonly evaluations: readonly EvalPlan[];
  readonly plots: readonly PlotPlan[];
  /** Score histograms to copy into the results (runs scored with `strata score`). */
  readonly histograms: readonly string[];
  readonly comparisons: readonly Comparison[];
  /** Our detailed figures (per run or per score). */
  readonly details: (f: Figures) => Table;
  /** The scale of its `--quick` mode where the default (src/experiments/table.ts) would be slow (text: a large vocabulary). */
  readonly quick?: QuickScale;
}

/** The scale of a quick mode: steps and batch of every run, importance samples and examples of every evaluation. */
export interface QuickScale {
  readonly steps: number;
  readonly batch: number;
  readonly k: number;
  readonly limit: number;
}

/** Whether a target is met by `value`: true, false, or undefined when the figure is missing. */
export const targetMet = (t: Target, value: number | undefined): boolean | undefined =>
  value === undefined ? undefined : (t.below === undefined || value < t.below) && (t.above === undefined || value > t.above);

/** The run of `e` with id `id` (a RangeError for an id the plan lacks: a bug in the table). */
export const runOf = (e: Experiment, id: string): RunPlan => {
  const run = e.runs.find((r) => r.id === id);
  if (run === undefined) throw new RangeError(`experiment ${e.name}: no run '${id}'`);
  return run;
};
