/**
 * The results folder of `strata reproduce NAME`: the comparison plots
 * (`strata plot` of the plan's runs), the score histograms copied from the
 * runs, results.json (every figure with its command, seed, steps, backend
 * and the machine), README.md, and the gathered README of every
 * experiment's results.json beside it. Files are written atomically; the
 * text comes from src/experiments/report.ts.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { runOf, targetMet, type Experiment } from '../experiments/experiment.js';
import type { Figures } from '../experiments/figures.js';
import { plotArgv, scoreFolder } from '../experiments/plan.js';
import { experimentReadme, gatheredReadme, type RunContext } from '../experiments/report.js';
import { experiments } from '../experiments/table.js';
import { writeFileAtomic } from '../report/write-file.js';
import type { CliError, CliIO } from './command.js';
import { runCommand, SAMPLE_FILES } from './reproduce-runs.js';

/** This machine in words: CPU count and model, memory, Node version. */
export const machine = (): string => {
  const c = cpus();
  return `${c.length} x ${c[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`;
};

/** The PNG (and sample text) files of `dir`, sorted. */
export const pngs = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.png') || f.endsWith('.txt')).sort() : []);

/** `strata plot`'s file names: curves.png and kl.png for one run, curves-A-vs-B.png and kl-A-vs-B.png for several (src/cli/plot-command.ts). */
const PLOT_FILE = /^(curves|kl)(-.+)?\.png$/;

/** A plot file older than the drawing's start by this much is stale (file times come from a coarse clock). */
const STALE_MARGIN_MS = 1000;

/**
 * Draws the plan's plots from the runs' logs in `logDir(id)` (the archive)
 * and copies the samples and histograms of the run folders `runDir(id)`
 * (where present) into `out`; resolves to an error or undefined. A plot's
 * name follows the runs it shows (one run archived: curves.png; three:
 * curves-A-vs-B-vs-C.png), so once every plot is drawn the plot files this
 * call did not write (an earlier, partial state's) are removed; samples and
 * histograms are left, as their run folders may be gone.
 */
export const drawPlots = async (e: Experiment, logDir: (id: string) => string, runDir: (id: string) => string, out: string, io: CliIO): Promise<CliError | undefined> => {
  mkdirSync(out, { recursive: true });
  const started = Date.now();
  for (const plot of e.plots) {
    const runs = plot.runs.map((id) => runOf(e, id)).filter((r) => existsSync(join(logDir(r.id), 'log.jsonl')));
    if (runs.length === 0) continue;
    const error = await runCommand(plotArgv(runs, runs.map((r) => logDir(r.id)), out), io);
    if (error !== undefined) return error;
  }
  for (const file of readdirSync(out)) if (PLOT_FILE.test(file) && statSync(join(out, file)).mtimeMs < started - STALE_MARGIN_MS) rmSync(join(out, file));
  for (const s of e.evaluations) {
    if (s.kind !== 'sample') continue;
    for (const file of SAMPLE_FILES) if (existsSync(join(runDir(s.run), file))) copyFileSync(join(runDir(s.run), file), join(out, `${s.run}-${file}`));
  }
  for (const id of e.histograms) {
    const run = runOf(e, id);
    for (const s of e.evaluations) {
      if (s.kind !== 'score' || s.run !== id) continue;
      const folder = join(runDir(id), scoreFolder(s, run.data));
      for (const file of pngs(folder)) copyFileSync(join(folder, file), join(out, `${id}-${file}`));
    }
  }
  return undefined;
};

/** results.json of an experiment: the context, every run and evaluation, and each comparison with its verdict. */
export const resultsJson = (e: Experiment, f: Figures, ctx: RunContext, plots: readonly string[]): string =>
  `${JSON.stringify(
    {
      experiment: e.name,
      title: e.title,
      ...ctx,
      budget: e.budget,
      runs: f.runs,
      evaluations: f.evaluations,
      comparisons: e.comparisons.map((c) => {
        const ours = c.ours(f);
        return { quantity: c.quantity, paper: c.paper, source: c.source, ours: ours ?? null, unit: c.unit, ...(c.target === undefined ? {} : { target: c.target, reached: targetMet(c.target, ours) ?? null }) };
      }),
      plots,
    },
    null,
    1,
  )}\n`;

/** Writes results.json and README.md of `e` into `out`. */
export const writeResults = (e: Experiment, f: Figures, ctx: RunContext, out: string): void => {
  const plots = pngs(out);
  writeFileAtomic(join(out, 'results.json'), resultsJson(e, f, ctx, plots));
  writeFileAtomic(join(out, 'README.md'), experimentReadme(e, f, ctx, plots));
};

/** The figures saved in `dir`/results.json, or undefined. */
const savedFigures = (dir: string): Figures | undefined => {
  try {
    const saved = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Partial<Figures> & { quick?: boolean };
    return saved.quick === true || saved.runs === undefined || saved.evaluations === undefined ? undefined : { runs: saved.runs, evaluations: saved.evaluations };
  } catch {
    return undefined;
  }
};

/** Regenerates `root`/README.md from every experiment's `root`/NAME/results.json (quick results are left out). */
export const writeGathered = (root: string): void => {
  const sections = experiments.map((experiment) => {
    const figures = savedFigures(join(root, experiment.name));
    return { experiment, command: `strata reproduce ${experiment.name}`, ...(figures === undefined ? {} : { figures }) };
  });
  writeFileAtomic(join(root, 'README.md'), gatheredReadme(sections));
};
