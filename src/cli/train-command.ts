/**
 * `strata train`: trains a zoo model, a user module or a JSON spec on a data
 * set through the run module (src/train/run.ts, the same as `fit`), writing
 * runs/NAME/log.jsonl and atomic checkpoints. Every flag is checked before
 * any work; Ctrl-C stops after the current step with a checkpoint and exits
 * 130; `--resume` continues the run in --out exactly where its last
 * checkpoint stopped, on the backend it recorded, applying the flags that
 * may change on resume and refusing the others by name.
 */
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { parameterCount } from '../dsl/params.js';
import { describeObjective } from '../train/config.js';
import { isAllocationFailure } from '../train/allocation-failure.js';
import { exampleUnit, progress } from '../train/log.js';
import type { LogRecord } from '../train/record.js';
import { trainOptions } from '../train/options.js';
import { disposeRun, executeRun, openResume, prepareNewRun, prepareResume, type PreparedRun, type RunFailure } from '../train/run.js';
import { resumeBackend } from '../train/run-resume.js';
import { backendFlag, useBackend } from './backend.js';
import { boolFlag, interruptedError, optionalString, runError, stringFlag, usageError, type CliError, type CliIO, type Command } from './command.js';
import { dataShapeOf, openDataset } from './dataset.js';
import { agreePrepared, closeWorld, distributedFlag, openWorld, syncEveryFlag } from './distributed-flag.js';
import { describeSync } from '../distributed/distributed-run.js';
import { perRankBatchSize } from '../distributed/shard.js';
import type { ParsedArgs } from './flags.js';
import { chooseModel, modelFlags } from './model-source.js';
import { configFlags, configOf, givenOptions } from './train-flags.js';

/** The exit of a failed run: usage 2, interrupted 130, otherwise 1. */
const cliError = (f: RunFailure): CliError => (f.kind === 'usage' ? usageError(f.message) : f.kind === 'interrupted' ? interruptedError(f.message) : runError(f.message));

/** Flags that name what a run is (its model and data); `--resume` refuses them with the fixed training options. */
const identityFlags = Object.keys(modelFlags);

/** The run in `out`, continued with the flags that may change. */
const resumeRun = async (args: ParsedArgs, io: CliIO, out: string): Promise<E.Either<CliError, PreparedRun & { backend: string }>> => {
  const refused = [...identityFlags, ...Object.keys(trainOptions).filter((n) => trainOptions[n].onResume === 'refuse')].filter((n) => args.flags[n] !== undefined);
  if (refused.length > 0) return E.left(usageError(`${refused.map((n) => `--${n}`).join(', ')}: cannot change on --resume (a run keeps its model, data, batch, seed and optimizer; start a new one with --overwrite)`));
  const checkpoint = openResume(out);
  if (E.isLeft(checkpoint)) return E.left(cliError(checkpoint.left));
  const meta = checkpoint.right.manifest.meta;
  const data = openDataset(typeof meta.data === 'string' ? meta.data : 'mnist-dyn');
  if (E.isLeft(data)) return data;
  const choice = resumeBackend(typeof meta.backend === 'string' ? meta.backend : undefined, optionalString(args, 'backend'));
  io.err(choice.note);
  const backend = await useBackend(choice.request, io);
  if (E.isLeft(backend)) return backend;
  const run = prepareResume({ checkpoint: checkpoint.right, data: data.right, out, given: givenOptions(args) });
  return E.isLeft(run) ? E.left(cliError(run.left)) : E.right({ ...run.right, backend: backend.right });
};

/** A new run in `out`. */
const newRun = async (args: ParsedArgs, io: CliIO, out: string): Promise<E.Either<CliError, PreparedRun & { backend: string }>> => {
  const config = configOf(args);
  if (E.isLeft(config)) return config;
  const dataName = stringFlag(args, 'data', 'mnist-dyn');
  const data = openDataset(dataName);
  if (E.isLeft(data)) return data;
  const backend = await useBackend(optionalString(args, 'backend'), io);
  if (E.isLeft(backend)) return backend;
  const preset = stringFlag(args, 'preset', 'tiny');
  const choice = await chooseModel({ model: stringFlag(args, 'model', 'biva'), spec: optionalString(args, 'spec'), preset }, dataShapeOf(data.right));
  if (E.isLeft(choice)) return choice;
  const meta = { model: choice.right.name, data: dataName, preset };
  const run = prepareNewRun({ model: choice.right.model, config: config.right, data: data.right, meta, out, overwrite: boolFlag(args, 'overwrite') });
  return E.isLeft(run) ? E.left(cliError(run.left)) : E.right({ ...run.right, backend: backend.right });
};

/** Steps between checkpoints unless --checkpoint-every says otherwise. */
const CHECKPOINT_EVERY = 500;

/**
 * Runs `train`, turning an allocation failure (wasm's heap is 4 GiB, and
 * native's tensors live there too) into a run failure naming --batch.
 */
const trainOrOutOfMemory = async <T>(train: () => Promise<E.Either<RunFailure, T>>, out: string, batch: number): Promise<E.Either<RunFailure, T>> => {
  try {
    return await train();
  } catch (e) {
    if (!isAllocationFailure(e)) throw e;
    const message = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    return E.left({ kind: 'run', message: `${out}: out of memory training batches of ${batch} examples (${message}); lower --batch (now ${batch})` });
  }
};

/** `strata train`. */
export const trainCommand: Command = {
  name: 'train',
  summary: 'train a model on a data set, with logs and checkpoints',
  usage: 'strata train --model biva --data mnist-dyn --preset small --steps N --out runs/NAME',
  flags: {
    ...modelFlags,
    out: { kind: 'string', nonEmpty: true, help: 'run folder', default: 'runs/<model>-<data>' },
    resume: { kind: 'boolean', help: 'continue the run in --out from its last checkpoint, on its recorded backend (flags marked "fixed on --resume" and the model flags are refused; the others apply)' },
    overwrite: { kind: 'boolean', help: 'start afresh in an --out that already holds a run (its log and checkpoints are deleted)' },
    ...configFlags,
    'checkpoint-every': { kind: 'int', min: 1, help: 'steps per checkpoint', default: CHECKPOINT_EVERY },
    ...backendFlag,
    ...distributedFlag,
    ...syncEveryFlag,
  },
  run: async (args, cliIO) => {
    const resume = boolFlag(args, 'resume');
    if (resume && boolFlag(args, 'overwrite')) return usageError('--resume and --overwrite contradict each other: --resume continues the run in --out, --overwrite deletes it');
    if (args.flags.spec !== undefined && args.flags.model !== undefined) return usageError('--spec and --model contradict each other: give the model as a JSON spec or as a zoo name / module, not both');
    const modelName = stringFlag(args, 'model', 'biva');
    const out = stringFlag(args, 'out', join('runs', `${modelName.replace(/[^\w.-]+/g, '_')}-${stringFlag(args, 'data', 'mnist-dyn')}`));
    const world = openWorld(args, cliIO);
    if (E.isLeft(world)) return world.left;
    const { d, io } = world.right;
    const started = agreePrepared(d, resume ? await resumeRun(args, io, out) : await newRun(args, io, out));
    if (E.isLeft(started)) return closeWorld(d, started.left, true);
    const run = started.right;
    if (d !== undefined) {
      try {
        perRankBatchSize(run.state.config.batchSize, d.world.size);
      } catch (e) {
        disposeRun(run);
        return closeWorld(d, usageError(`--distributed mpi: ${(e as Error).message}`), true);
      }
    }
    const { state, meta } = run;
    let interrupted = false;
    let classification: LogRecord['classification'];
    const onInterrupt = (): void => {
      interrupted = true;
    };
    try {
      io.out(`${meta.model} on ${meta.data}: ${parameterCount(state.params)} parameters, ${describeObjective(state.config.objective)}, ${state.config.optimizer.name} lr ${state.config.optimizer.lr}, steps ${state.step}..${state.config.steps}, run ${out}`);
      const unit = exampleUnit(run.data.descriptor.kind);
      const display = progress(state.config.steps, state.step, io.progressStream, unit);
      process.once('SIGINT', onInterrupt);
      const summary = await trainOrOutOfMemory(() => executeRun(run, {
        backend: run.backend,
        checkpointEvery: (args.flags['checkpoint-every'] as number | undefined) ?? CHECKPOINT_EVERY,
        onStep: (s) => display.update(s.step),
        onLog: (record) => {
          classification = record.classification ?? classification;
          display.update(record.step, record);
        },
        shouldStop: () => interrupted,
        ...(d === undefined ? {} : { distributed: d }),
      }), out, state.config.batchSize);
      display.stop();
      if (E.isLeft(summary)) return closeWorld(d, cliError(summary.left), summary.left.kind !== 'run');
      const s = summary.right;
      io.out(`trained ${s.steps} steps in ${s.seconds.toFixed(1)} s (${s.imagesPerSec.toFixed(1)} ${unit}/s), ${s.skipped} skipped; -elbo ${s.last?.nats.toFixed(3) ?? '-'} nats; checkpoint in ${join(out, 'checkpoints')}`);
      if (classification !== undefined) {
        io.out(`classification error ${(100 * classification.error).toFixed(2)}% on ${classification.examples} ${classification.split} examples (EMA weights), ${classification.labelledSeen} labelled rows trained on`);
      }
      if (d !== undefined) io.out(describeSync(d, state.params));
      return closeWorld(d, undefined, true);
    } finally {
      process.removeListener('SIGINT', onInterrupt);
      disposeRun(run);
    }
  },
};
