/**
 * The interpreter of an experiment's runs and evaluations
 * (src/experiments): each is one in-process call of a strata command
 * (train, eval, score, classify) with the argument vector the plan builds.
 * Resumable at any point: a run with a checkpoint is resumed to its step
 * budget (a finished one skipped); an evaluation whose record
 * (RUN/reproduce/<key>.json, the key naming its arguments: command,
 * checkpoint step, output) holds the run's current step is not repeated. Records are written
 * atomically after the command's output, so a killed session loses at most
 * the evaluation in flight.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { EvalFigures, RunFigures } from '../experiments/figures.js';
import { commandLine, evalArgv, evalKey, newRunArgv, resumeArgv, scoreFolder, type EvalPlan, type RunPlan } from '../experiments/plan.js';
import { writeFileAtomic } from '../report/write-file.js';
import { readJson } from './reproduce-archive.js';
import { claimRun } from './reproduce-claim.js';
import { loadCheckpoint, readLatest } from '../train/checkpoint.js';
import { readRecords } from '../train/log.js';
import { CHECKPOINT_NAME } from '../train/manifest.js';
import { classifyCommand } from './classify-command.js';
import { runError, type CliError, type CliIO, type Command } from './command.js';
import { evalCommand } from './eval-command.js';
import { parseFlags } from './flags.js';
import { plotCommand } from './plot-command.js';
import { sampleCommand } from './sample-command.js';
import { scoreCommand } from './score-command.js';
import { trainCommand } from './train-command.js';

const commandsByName: Readonly<Record<string, Command>> = Object.fromEntries([trainCommand, evalCommand, scoreCommand, classifyCommand, sampleCommand, plotCommand].map((c) => [c.name, c]));

/** Runs `strata ...argv` in-process (argv[0] the command); its usage errors keep their code. */
export const runCommand = async (argv: readonly string[], io: CliIO): Promise<CliError | undefined> => {
  const command = commandsByName[argv[0]];
  if (command === undefined) return runError(`reproduce: no command '${argv[0]}'`);
  const args = parseFlags(argv.slice(1), command.flags);
  if (E.isLeft(args)) return { code: 2, message: `${commandLine(argv)}: ${args.left}` };
  io.out(`$ ${commandLine(argv)}`);
  const error = await command.run(args.right, io);
  return error === undefined ? undefined : { ...error, message: `${argv[0]}: ${error.message}` };
};

/** The step of the run's latest checkpoint, or undefined when it has none. */
export const checkpointStep = (dir: string): number | undefined => {
  const latest = readLatest(dir);
  if (E.isLeft(latest)) return undefined;
  const m = CHECKPOINT_NAME.exec(latest.right.checkpoint);
  return m === null ? undefined : Number(m[1]);
};

/** Why the checkpoint in `dir` is not a run of `run` (another model, data, preset, seed or batch), or undefined. */
export const otherRun = (run: RunPlan, dir: string): string | undefined => {
  const checkpoint = loadCheckpoint(dir);
  if (E.isLeft(checkpoint)) return `${dir}: ${checkpoint.left}`;
  const { meta, config } = checkpoint.right.manifest;
  const facts: [string, unknown, unknown][] = [
    ['model', meta.model, run.model],
    ['data', meta.data, run.data],
    ['preset', meta.preset, run.preset],
    ['seed', config.seed, run.seed],
    ['batch', config.batchSize, run.batch],
  ];
  const differ = facts.filter(([, got, want]) => got !== want);
  return differ.length === 0 ? undefined : `${dir} holds another run (${differ.map(([n, got, want]) => `${n} ${String(got)}, the plan's ${String(want)}`).join('; ')}): move it away to start the plan's run`;
};

/** Trains `run` in `dir` to its step budget: new, resumed or skipped when finished (refused while another process trains it). */
export const trainRun = async (run: RunPlan, dir: string, io: CliIO, backend: string | undefined, now: number = Date.now()): Promise<CliError | undefined> => {
  const step = checkpointStep(dir);
  if (step !== undefined && step >= run.steps) {
    io.out(`${dir}: finished (step ${step} of ${run.steps}), skipped`);
    return undefined;
  }
  const held = claimRun(dir, now);
  if (held !== undefined) return runError(held.reason);
  if (step !== undefined) {
    const other = otherRun(run, dir);
    if (other !== undefined) return runError(other);
  }
  if (step !== undefined) return runCommand(resumeArgv(run, dir, backend), io);
  const fresh = newRunArgv(run, dir, backend);
  return runCommand(existsSync(join(dir, 'log.jsonl')) ? [...fresh, '--overwrite'] : fresh, io);
};

/** What the run in `dir` reached (undefined before its first checkpoint). */
export const runFigures = (run: RunPlan, dir: string, backend: string | undefined): RunFigures | undefined => {
  const step = checkpointStep(dir);
  if (step === undefined) return undefined;
  const last = readRecords(join(dir, 'log.jsonl')).at(-1);
  return {
    step,
    steps: run.steps,
    seed: run.seed,
    command: commandLine(newRunArgv(run, dir, backend)),
    ...(last?.backend === undefined ? {} : { backend: last.backend }),
    ...(last === undefined || !Number.isFinite(last.nats) ? {} : { lastNats: last.nats }),
  };
};

/** The files `strata sample` (and a text `strata eval`) leave in a run folder, copied into the results. */
export const SAMPLE_FILES = ['samples.png', 'reconstructions.png', 'samples.txt', 'reconstructions.txt'] as const;

/** The file a command writes for evaluation `e` of a run trained on `data` (sample: its summary, made by `sampleSummary`). */
const outputOf = (e: Exclude<EvalPlan, { kind: 'sample' }>, dir: string, data: string): string =>
  e.kind === 'eval' ? join(dir, 'eval.json') : e.kind === 'score' ? join(dir, scoreFolder(e, data), 'scores.json') : join(dir, 'classify-test.json');

/** The record of evaluation `e` in `dir`. */
export const recordPath = (e: EvalPlan, dir: string): string => join(dir, 'reproduce', `${evalKey(e)}.json`);

/** What `strata sample` left in `dir`: its files and the sampled sentences of a text run; undefined when it left nothing. */
const sampleSummary = (dir: string): { files: string[]; sentences?: string[] } | undefined => {
  const files = SAMPLE_FILES.filter((f) => existsSync(join(dir, f)));
  if (files.length === 0) return undefined;
  const text = join(dir, 'samples.txt');
  return { files, ...(existsSync(text) ? { sentences: readFileSync(text, 'utf8').split('\n').filter((l) => l !== '') } : {}) };
};

/** Evaluation `e` of the run in `dir`: its record when one exists for the run's current step (the record's name holds the arguments), else the command run and recorded. */
export const evaluate = async (e: EvalPlan, dir: string, data: string, io: CliIO, backend: string | undefined): Promise<E.Either<CliError, EvalFigures>> => {
  const step = checkpointStep(dir);
  if (step === undefined) return E.left(runError(`${dir}: no checkpoint to evaluate (train it first)`));
  const argv = evalArgv(e, dir, backend);
  const command = commandLine(argv);
  const old = readJson(recordPath(e, dir)) as Partial<EvalFigures> | undefined;
  if (old !== undefined && old.step === step && old.result !== undefined) {
    io.out(`${dir}: ${evalKey(e)} at step ${step} done before, skipped`);
    return E.right(old as EvalFigures);
  }
  const error = await runCommand(argv, io);
  if (error !== undefined) return E.left(error);
  const output = e.kind === 'sample' ? undefined : outputOf(e, dir, data);
  const result = output === undefined ? sampleSummary(dir) : readJson(output);
  if (result === undefined) return E.left(runError(`${output ?? join(dir, 'samples.*')}: missing or unreadable after ${command}`));
  const record: EvalFigures = { command, step, result };
  mkdirSync(join(dir, 'reproduce'), { recursive: true });
  writeFileAtomic(recordPath(e, dir), `${JSON.stringify(record, null, 1)}\n`);
  return E.right(record);
};
