/**
 * `strata reproduce NAME [--quick] [--out DIR] [--backend B]`: one
 * experiment of the BIVA paper end to end (src/experiments/table.ts):
 * trains its runs in runs/reproduce/NAME/RUN (resuming any with a
 * checkpoint, skipping finished ones), evaluates them (skipping evaluations
 * recorded for the same step), draws the plots and writes results/NAME/
 * (results.json, README.md beside the paper's figures, PNGs) and
 * results/README.md. Killable at any moment (Ctrl-C saves the training
 * run's checkpoint and exits 130); run it again to continue. `--quick` runs
 * the same plan at toy scale into runs/reproduce-quick/NAME (never results/).
 */
import { join, relative, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Experiment } from '../experiments/experiment.js';
import type { EvalFigures, Figures, RunFigures } from '../experiments/figures.js';
import { figureKey } from '../experiments/figures.js';
import { experimentHelp, experimentNames, findExperiment, quickPlan } from '../experiments/table.js';
import { zooModels } from '../models/index.js';
import { boolFlag, optionalString, runError, usageError, type CliError, type CliIO, type Command } from './command.js';
import { backendFlag } from './backend.js';
import { drawPlots, machine, writeGathered, writeResults } from './reproduce-results.js';
import { evaluate, runFigures, trainRun } from './reproduce-runs.js';

/** Where an experiment's runs and results go. */
export interface ReproducePaths {
  readonly runs: string;
  readonly results: string;
}

/** The folders of `name`: runs/reproduce/NAME and results/NAME, or in quick mode DIR/runs and DIR (DIR = --out, default runs/reproduce-quick/NAME). */
export const reproducePaths = (name: string, quick: boolean, out: string | undefined): ReproducePaths => {
  if (quick) {
    const dir = out ?? join('runs', 'reproduce-quick', name);
    return { runs: join(dir, 'runs'), results: dir };
  }
  return { runs: join('runs', 'reproduce', name), results: out ?? join('results', name) };
};

/** True when `dir` is results/ or inside it (relative to the working directory). */
const insideResults = (dir: string): boolean => {
  const rel = relative(resolve('results'), resolve(dir));
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith('/'));
};

/** The zoo models `e` needs that this strata lacks. */
export const missingModels = (e: Experiment): string[] => e.requires.filter((m) => !zooModels.some((z) => z.name === m));

/** Trains, evaluates and reports `e` into `paths` (and, with `gather`, regenerates results/README.md); resolves to an error or undefined. */
const reproduce = async (e: Experiment, paths: ReproducePaths, quick: boolean, gather: boolean, backend: string | undefined, command: string, io: CliIO): Promise<CliError | undefined> => {
  const runDir = (id: string): string => join(paths.runs, id);
  for (const run of e.runs) {
    const error = await trainRun(run, runDir(run.id), io, backend);
    if (error !== undefined) return error;
  }
  const evaluations: Record<string, EvalFigures> = {};
  for (const step of e.evaluations) {
    const run = e.runs.find((r) => r.id === step.run)!;
    const result = await evaluate(step, runDir(run.id), run.data, io, backend);
    if (E.isLeft(result)) return result.left;
    evaluations[figureKey(step)] = result.right;
  }
  const plotted = await drawPlots(e, runDir, paths.results, io);
  if (plotted !== undefined) return plotted;
  const runs: Record<string, RunFigures> = {};
  for (const run of e.runs) {
    const got = runFigures(run, runDir(run.id), backend);
    if (got !== undefined) runs[run.id] = got;
  }
  const figures: Figures = { runs, evaluations };
  const backends = [...new Set(Object.values(runs).map((r) => r.backend).filter((b): b is string => b !== undefined))];
  const ctx = { command, backend: backends.join(', ') || (backend ?? 'auto'), machine: machine(), quick, time: new Date().toISOString(), runsRoot: paths.runs };
  writeResults(e, figures, ctx, paths.results);
  if (gather) writeGathered(join(paths.results, '..'));
  io.out(`wrote ${join(paths.results, 'README.md')} and results.json${quick ? ' (quick mode)' : ''}`);
  return undefined;
};

/** `strata reproduce`. */
export const reproduceCommand: Command = {
  name: 'reproduce',
  summary: "reproduce one of the BIVA paper's experiments (train, evaluate, plot, README beside the paper); resumable",
  usage: `strata reproduce NAME [--quick] [--out DIR] [--backend B]; NAME one of:\n${experimentHelp().join('\n')}`,
  flags: {
    quick: { kind: 'boolean', help: 'the same pipeline at toy scale (tiny preset, a few dozen steps) into --out, a check that it runs, not a result' },
    out: { kind: 'string', nonEmpty: true, help: 'results folder (quick mode: runs and results; never inside results/)', default: 'results/NAME; quick: runs/reproduce-quick/NAME' },
    backend: { ...backendFlag.backend, default: 'native (the budgets are measured on it); quick: auto' },
  },
  run: async (args, io) => {
    const [name, ...extra] = args.positional;
    if (name === undefined) return usageError(`missing the experiment name: one of ${experimentNames()}`);
    if (extra.length > 0) return usageError(`one experiment at a time; got ${args.positional.join(', ')}`);
    const found = findExperiment(name);
    if (found === undefined) return usageError(`unknown experiment '${name}'; known: ${experimentNames()}`);
    const missing = missingModels(found);
    if (missing.length > 0) return runError(`${name}: needs the zoo models ${missing.join(', ')}, which this strata lacks (strata models lists the zoo)`);
    const quick = boolFlag(args, 'quick');
    const out = optionalString(args, 'out');
    if (quick && out !== undefined && insideResults(out)) return usageError(`--out ${out}: quick results never go inside results/ (they are a pipeline check, not results)`);
    const backend = optionalString(args, 'backend') ?? (quick ? undefined : 'native');
    const command = ['strata reproduce', name, quick ? '--quick' : '', out === undefined ? '' : `--out ${out}`, optionalString(args, 'backend') === undefined ? '' : `--backend ${backend}`].filter((s) => s !== '').join(' ');
    return reproduce(quick ? quickPlan(found) : found, reproducePaths(name, quick, out), quick, !quick && out === undefined, backend, command, io);
  },
};
