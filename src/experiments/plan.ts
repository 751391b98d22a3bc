/**
 * What an experiment of `strata reproduce` is, as data: its training runs
 * (model, preset, data, objective flags, steps, seed), its evaluations
 * (`strata eval`, `score --vs`, `classify`), its plots, the paper's figures
 * to print beside ours and the targets of issue 17. The interpreter
 * (src/cli/reproduce-runner.ts) executes a plan by calling the commands
 * in-process with the argument vectors built here; nothing here has effects.
 */

/** One command-line flag: its name (without `--`) and its value (absent for a boolean flag). */
export type Flag = readonly [name: string, value?: string | number];

/** One training run: `strata train` with these flags into `<root>/<id>`. */
export interface RunPlan {
  /** The run folder's name, e.g. `biva-medium-s1`. */
  readonly id: string;
  /** Its label in tables and plots, e.g. `BIVA s1`. */
  readonly label: string;
  readonly model: string;
  readonly preset: string;
  readonly data: string;
  /** The objective and its options, in command-line order. */
  readonly objective: readonly Flag[];
  /** The step budget: the run trains (and resumes) until this step. */
  readonly steps: number;
  readonly batch: number;
  readonly seed: number;
  /** Logging, validation and checkpoint schedule, in command-line order. */
  readonly schedule: readonly Flag[];
}

/** `strata eval RUN --k K`: L_1, L_K, KL per node and active units on the test split (eval.json). */
export interface EvalStep {
  readonly kind: 'eval';
  readonly run: string;
  readonly k: number;
  /** Test examples (absent: all of them). */
  readonly limit?: number;
}

/** `strata score RUN --vs SET`: L^{>k} and LLR^{>k} per example, AUROC / AUPRC / FPR80 (scores.json, histograms). */
export interface ScoreStep {
  readonly kind: 'score';
  readonly run: string;
  readonly vs: string;
  readonly k: number;
  readonly limit: number;
}

/** `strata classify RUN`: test error of argmax q(y|x) (classify-test.json). */
export interface ClassifyStep {
  readonly kind: 'classify';
  readonly run: string;
  readonly limit?: number;
}

/** `strata sample RUN --n N`: prior samples (samples.png or, for text, samples.txt) and reconstructions, copied into the results. */
export interface SampleStep {
  readonly kind: 'sample';
  readonly run: string;
  readonly n: number;
}

/** One evaluation of a trained run. */
export type EvalPlan = EvalStep | ScoreStep | ClassifyStep | SampleStep;

/** `strata plot RUN... --out RESULTS --labels ...`: the runs' KL per node (with the free-bits floor) and -ELBO curves on one figure each. */
export interface PlotPlan {
  readonly runs: readonly string[];
}

/** The argument vector of a new run's `strata train` (without `--backend` and `--out`). */
export const trainFlags = (run: RunPlan): Flag[] => [
  ['model', run.model],
  ['preset', run.preset],
  ['data', run.data],
  ...run.objective,
  ['steps', run.steps],
  ['batch', run.batch],
  ['seed', run.seed],
  ...run.schedule,
];

/** Flags as argv words: `[['k', 10], ['raw']]` -> `['--k', '10', '--raw']`. */
export const argvOf = (flags: readonly Flag[]): string[] => flags.flatMap(([name, value]) => (value === undefined ? [`--${name}`] : [`--${name}`, String(value)]));

/** The backend flag, when one was chosen. */
const backendOf = (backend: string | undefined): Flag[] => (backend === undefined ? [] : [['backend', backend]]);

/** `strata train` of a new run into `dir`. */
export const newRunArgv = (run: RunPlan, dir: string, backend?: string): string[] => ['train', ...argvOf([...trainFlags(run), ...backendOf(backend), ['out', dir]])];

/** `strata train --resume` of the run in `dir`, continued to its step budget (the flags a resume may not change are left out). */
export const resumeArgv = (run: RunPlan, dir: string, backend?: string): string[] => ['train', ...argvOf([['resume'], ['out', dir], ['steps', run.steps], ...backendOf(backend)])];

/** The name of an evaluation's record, unique per run and arguments: `eval-K1000-nall`, `score-vs-mnist-dyn-K10-n1000`, `classify-nall`, `sample-n16`. */
export const evalKey = (e: EvalPlan): string => {
  if (e.kind === 'sample') return `sample-n${e.n}`;
  const n = `n${e.limit ?? 'all'}`;
  if (e.kind === 'eval') return `eval-K${e.k}-${n}`;
  if (e.kind === 'score') return `score-vs-${e.vs}-K${e.k}-${n}`;
  return `classify-${n}`;
};

/** The command of an evaluation of the run in `dir` (score always replaces an older folder: it runs only when its record is stale). */
export const evalArgv = (e: EvalPlan, dir: string, backend?: string): string[] => {
  if (e.kind === 'sample') return ['sample', dir, ...argvOf([['n', e.n], ...backendOf(backend)])];
  const limit: Flag[] = e.limit === undefined ? [] : [['limit', e.limit]];
  if (e.kind === 'eval') return ['eval', dir, ...argvOf([['k', e.k], ...limit, ...backendOf(backend)])];
  if (e.kind === 'score') return ['score', dir, ...argvOf([['vs', e.vs], ['k', e.k], ...limit, ['overwrite'], ...backendOf(backend)])];
  return ['classify', dir, ...argvOf([...limit, ...backendOf(backend)])];
};

/** The folder `strata score` writes for `e` on the run trained on `data` (see score-command.ts). */
export const scoreFolder = (e: ScoreStep, data: string): string => `scores/${data}-vs-${e.vs}-K${e.k}-n${e.limit}-seed1`;

/** `strata plot` of several runs into `out`, labelled. */
export const plotArgv = (runs: readonly RunPlan[], dirs: readonly string[], out: string): string[] => ['plot', ...dirs, '--out', out, '--labels', runs.map((r) => r.label).join(',')];

/** A command as one line a user can paste. */
export const commandLine = (argv: readonly string[]): string => `strata ${argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(' ')}`;

/** The objective of the paper's best runs: free bits `lambda` per latent node, then lambda = 0 (fine-tuning) after `finetuneAfter` steps. */
export const freeBitsObjective = (lambda: number, finetuneAfter: number): Flag[] => [
  ['objective', 'free-bits'],
  ['free-bits', lambda],
  ['finetune-after', finetuneAfter],
];

/** The schedule of a long run: a log record every 500 steps, the validation bound every 2,000, a checkpoint every 1,000 (what a killed session loses at most). */
export const longSchedule: readonly Flag[] = [
  ['log-every', 500],
  ['eval-every', 2000],
  ['checkpoint-every', 1000],
];
