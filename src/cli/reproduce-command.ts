/**
 * `strata reproduce NAME [--quick] [--out DIR] [--backend B]`: one
 * experiment of the BIVA paper end to end (src/experiments/table.ts):
 * trains its runs in runs/reproduce/NAME/RUN (resuming any with a
 * checkpoint, skipping finished ones), evaluates them (skipping evaluations
 * recorded for the same step), archives each finished run in
 * results/NAME/archive/RUN (src/cli/reproduce-archive.ts: a later session
 * without runs/ skips it), draws the plots and writes results/NAME/
 * (results.json, README.md beside the paper's figures, PNGs) and
 * results/README.md after every run. Killable at any moment (Ctrl-C saves the training
 * run's checkpoint and exits 130); run it again to continue. `--quick` runs
 * the same plan at toy scale into runs/reproduce-quick/NAME (never results/).
 */
import { join, relative, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Experiment } from '../experiments/experiment.js';
import type { EvalFigures, Figures, RunFigures } from '../experiments/figures.js';
import { figureKey } from '../experiments/figures.js';
import { evalKey } from '../experiments/plan.js';
import { experimentHelp, experimentNames, findExperiment, quickPlan } from '../experiments/table.js';
import { zooModels } from '../models/index.js';
import { boolFlag, optionalString, runError, usageError, type CliError, type CliIO, type Command } from './command.js';
import { backendFlag } from './backend.js';
import { drawPlots, machine, writeGathered, writeResults } from './reproduce-results.js';
import { archiveDir, archivedRun, archiveRun, type ArchivedRun } from './reproduce-archive.js';
import { claimRun } from './reproduce-claim.js';
import { checkpointStep, evaluate, runFigures, trainRun } from './reproduce-runs.js';

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

/** What a report needs besides the figures: the command, the backend asked for, quick mode, the paths. */
interface ReportContext {
  readonly paths: ReproducePaths;
  readonly quick: boolean;
  readonly gather: boolean;
  readonly backend: string | undefined;
  readonly command: string;
}

/** `done` and every other run of `e` archived in the results (by another process, or an earlier session). */
const withArchived = (e: Experiment, done: Readonly<Record<string, ArchivedRun>>, results: string): Record<string, ArchivedRun> => {
  const all: Record<string, ArchivedRun> = { ...done };
  for (const run of e.runs) {
    if (all[run.id] !== undefined) continue;
    const kept = archivedRun(run, e.evaluations.filter((s) => s.run === run.id), archiveDir(results, run.id));
    if (kept !== undefined) all[run.id] = kept;
  }
  return all;
};

/**
 * Plots and writes results/NAME (and, with `gather`, results/README.md) from
 * the runs finished so far: this process's and those archived in the results
 * by any other (so whichever process reports last reports them all).
 */
const report = async (e: Experiment, finished: Readonly<Record<string, ArchivedRun>>, c: ReportContext, io: CliIO): Promise<CliError | undefined> => {
  const { paths } = c;
  const plotted = await drawPlots(e, (id) => archiveDir(paths.results, id), (id) => join(paths.runs, id), paths.results, io);
  if (plotted !== undefined) return plotted;
  // Read the archive after plotting (seconds) and again after writing: a run another process archived meanwhile is written too.
  let done = withArchived(e, finished, paths.results);
  for (;;) {
    writeResultsOf(e, done, c);
    const again = withArchived(e, finished, paths.results);
    if (Object.keys(again).length === Object.keys(done).length) break;
    done = again;
  }
  io.out(`wrote ${join(paths.results, 'README.md')} and results.json (${Object.keys(done).length} of ${e.runs.length} runs)${c.quick ? ' (quick mode)' : ''}`);
  return undefined;
};

/** Writes results/NAME (and, with `gather`, results/README.md) from the finished runs `done`. */
const writeResultsOf = (e: Experiment, done: Readonly<Record<string, ArchivedRun>>, c: ReportContext): void => {
  const runs: Record<string, RunFigures> = {};
  const evaluations: Record<string, EvalFigures> = {};
  for (const [id, run] of Object.entries(done)) {
    runs[id] = run.figures;
    for (const step of e.evaluations) if (step.run === id && run.records[evalKey(step)] !== undefined) evaluations[figureKey(step)] = run.records[evalKey(step)];
  }
  const figures: Figures = { runs, evaluations };
  const backends = [...new Set(Object.values(runs).map((r) => r.backend).filter((b): b is string => b !== undefined))];
  const ctx = { command: c.command, backend: backends.join(', ') || (c.backend ?? 'auto'), machine: machine(), quick: c.quick, time: new Date().toISOString(), runsRoot: c.paths.runs };
  writeResults(e, figures, ctx, c.paths.results);
  if (c.gather) writeGathered(join(c.paths.results, '..'));
};

/**
 * Trains, evaluates and reports `e` run by run: a run finished and
 * evaluated in an earlier session (its archive in results/NAME/archive,
 * no checkpoint here) is skipped; each other run is trained, evaluated,
 * archived and the results rewritten, so an interrupted experiment keeps
 * every run it finished. A run another live process is training (or
 * evaluating) is left to it: this process goes on with the next run, so two
 * processes of one experiment (one per core) share its runs. Resolves to an
 * error or undefined.
 */
const reproduce = async (e: Experiment, c: ReportContext, io: CliIO): Promise<CliError | undefined> => {
  const done: Record<string, ArchivedRun> = {};
  const leftToOthers: string[] = [];
  for (const run of e.runs) {
    const dir = join(c.paths.runs, run.id);
    const archive = archiveDir(c.paths.results, run.id);
    const evaluations = e.evaluations.filter((s) => s.run === run.id);
    const kept = checkpointStep(dir) === undefined ? archivedRun(run, evaluations, archive) : undefined;
    if (kept !== undefined) {
      io.out(`${run.id}: finished and evaluated in an earlier session (step ${kept.figures.step}; ${archive}), skipped`);
      done[run.id] = kept;
      continue;
    }
    const held = claimRun(dir);
    if (held !== undefined && !held.byReproduce) return runError(held.reason);
    if (held !== undefined) {
      io.out(`${run.id}: left to the other process (${held.reason})`);
      leftToOthers.push(run.id);
      continue;
    }
    const error = await trainRun(run, dir, io, c.backend);
    if (error !== undefined) return error;
    const records: Record<string, EvalFigures> = {};
    for (const step of evaluations) {
      const result = await evaluate(step, dir, run.data, io, c.backend);
      if (E.isLeft(result)) return result.left;
      records[evalKey(step)] = result.right;
    }
    const figures = runFigures(run, dir, c.backend);
    if (figures === undefined) return runError(`${dir}: no checkpoint after training`);
    archiveRun(dir, archive, figures, evaluations, records);
    done[run.id] = { figures, records };
    const failed = await report(e, done, c, io);
    if (failed !== undefined) return failed;
  }
  const failed = await report(e, done, c, io);
  if (failed !== undefined) return failed;
  const pending = leftToOthers.filter((id) => withArchived(e, done, c.paths.results)[id] === undefined);
  if (pending.length > 0) io.out(`not archived yet, left to other reproduce processes: ${pending.join(', ')}; the one that ends last writes the whole table (or run this command again when they end)`);
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
    return reproduce(quick ? quickPlan(found) : found, { paths: reproducePaths(name, quick, out), quick, gather: !quick && out === undefined, backend, command }, io);
  },
};
