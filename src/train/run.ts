/**
 * A training run, for `fit` and `strata train` alike: the run folder
 * policy (a folder that holds a run is refused unless the run is replaced
 * or resumed), the configuration checked against the option table before
 * any work, the batcher of the objective (M2's labelled rows included),
 * the state (fresh, or restored from the folder's checkpoint), then the
 * loop with log.jsonl (with the held-out classification error of a model
 * with a label, and every `evalEvery` steps a validation bound), checkpoints, divergence and interruption.
 * Failures are values: `usage` (a bad option or folder: the CLI exits 2),
 * `run` (a failed load or step: exit 1), `diverged` (exit 1, the last good
 * checkpoint kept), `interrupted` (stopped on request after a checkpoint:
 * exit 130).
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Batcher, LoadedDataset } from '../datasets/index.js';
import type { Model } from '../dsl/model.js';
import { validate } from '../dsl/validate.js';
import { loadCheckpoint, saveCheckpoint, type Checkpoint, type RunMeta } from './checkpoint.js';
import type { TrainConfig } from './config.js';
import { appendRecord } from './log.js';
import { describeDivergence, train, type TrainHooks, type TrainSummary } from './loop.js';
import { checkConfig } from './options.js';
import { heldOutError } from './classification.js';
import { validationBound, validationDue } from './validation.js';
import { checkFirstBatch, runBatcher, withLabelDefaults } from './run-batcher.js';
import { resumeConfig } from './run-resume.js';
import { restoreTrainState } from './resume.js';
import { agreeStop, joinRun, syncCheck, type DistributedRun } from '../distributed/distributed-run.js';
import { isWriter } from '../distributed/world.js';
import { createTrainState, disposeTrainState, type TrainState } from './state.js';

/** Why a run did not finish. */
export interface RunFailure {
  readonly kind: 'usage' | 'run' | 'diverged' | 'interrupted';
  readonly message: string;
}

const failure = (kind: RunFailure['kind'], message: string): E.Either<RunFailure, never> => E.left({ kind, message });

/** A run ready to train: its state (the run owns it until `executeRun` returns), batcher and metadata. */
export interface PreparedRun {
  readonly state: TrainState;
  readonly batcher: Batcher;
  readonly data: LoadedDataset;
  readonly meta: RunMeta;
  readonly out?: string;
  /** Files of an earlier run in `out` that `executeRun` deletes before the first step (`overwrite`). */
  readonly replace: readonly string[];
}

/** The entries of a run in `out` (log.jsonl, checkpoints). */
export const existingRun = (out: string): string[] => ['log.jsonl', 'checkpoints'].filter((f) => existsSync(join(out, f)));

/** A new run of `model` with `config` on `data`, writing to `out` (refused there when it holds a run, unless `overwrite`). */
export const prepareNewRun = (request: {
  readonly model: Model;
  readonly config: TrainConfig;
  readonly data: LoadedDataset;
  readonly meta: RunMeta;
  readonly out?: string;
  readonly overwrite?: boolean;
  /** How the caller spells out, resume and overwrite in messages (default: the CLI's flags). */
  readonly words?: { readonly out: string; readonly resume: string; readonly overwrite: string };
}): E.Either<RunFailure, PreparedRun> => {
  const { model, data, meta, out } = request;
  const config = checkConfig(request.config);
  if (E.isLeft(config)) return failure('usage', config.left);
  const replace = out === undefined ? [] : existingRun(out);
  if (replace.length > 0 && request.overwrite !== true) {
    const w = request.words ?? { out: '--out', resume: '--resume', overwrite: '--overwrite' };
    return failure('usage', `${w.out} ${out} already holds a run (${replace.join(', ')}): continue it with ${w.resume}, or replace it with ${w.overwrite}`);
  }
  const filled = withLabelDefaults(config.right, data);
  const batcher = runBatcher(data, filled);
  if (E.isLeft(batcher)) return failure('usage', batcher.left);
  const supported = checkFirstBatch(model, data, batcher.right);
  if (E.isLeft(supported)) return failure('usage', supported.left);
  return E.right({ state: createTrainState(model, filled), batcher: batcher.right, data, meta, replace, ...(out === undefined ? {} : { out }) });
};

/** The checkpoint of the run in `out`, for resuming. */
export const openResume = (out: string): E.Either<RunFailure, Checkpoint> => {
  const checkpoint = loadCheckpoint(out);
  return E.isLeft(checkpoint) ? failure('run', checkpoint.left) : E.right(checkpoint.right);
};

/** The run of `checkpoint` (in `out`) on `data`, with the `given` options applied as `resumeConfig` allows. */
export const prepareResume = (request: {
  readonly checkpoint: Checkpoint;
  readonly data: LoadedDataset;
  readonly out: string;
  readonly given: Readonly<Record<string, unknown>>;
  readonly meta?: RunMeta;
}): E.Either<RunFailure, PreparedRun> => {
  const { checkpoint, data, out } = request;
  const config = resumeConfig(checkpoint.manifest.config, request.given);
  if (E.isLeft(config)) return failure('usage', config.left);
  const model = validate(checkpoint.manifest.spec);
  if (E.isLeft(model)) return failure('run', `${checkpoint.folder}: the saved spec is invalid: ${model.left.map((e) => `${e.node}: ${e.message}`).join('; ')}`);
  const filled = withLabelDefaults(config.right, data);
  const batcher = runBatcher(data, filled);
  if (E.isLeft(batcher)) return failure('usage', batcher.left);
  const state = restoreTrainState(model.right, checkpoint, filled);
  if (E.isLeft(state)) return failure('run', state.left);
  return E.right({ state: state.right, batcher: batcher.right, data, meta: request.meta ?? checkpoint.manifest.meta, out, replace: [] });
};

/** The hooks a caller adds to a run (logging to the folder and checkpoints are the run's own). */
export type RunHooks = Pick<TrainHooks, 'onStep' | 'shouldStop' | 'now'> & {
  /** Called with each record after it is appended to log.jsonl. */
  readonly onLog?: TrainHooks['onLog'];
  /** Steps between checkpoints (0 or absent: only at the end). */
  readonly checkpointEvery?: number;
  /** The backend, recorded in the log records and the checkpoint's metadata. */
  readonly backend?: string;
  /**
   * Data-parallel training over MPI (src/distributed/distributed-run.ts):
   * the run becomes one rank's (rank 0's parameters broadcast, this rank's
   * shard of every global batch, averaged gradients, a parameter check every
   * `syncEvery` steps, a stop agreed by all ranks); only rank 0 writes the
   * log and checkpoints and calls `onLog`. Every rank calls executeRun.
   */
  readonly distributed?: DistributedRun;
};

/**
 * Trains a prepared run to its configured step: deletes the replaced run,
 * appends records to `out`/log.jsonl and saves checkpoints there. Right
 * with the summary; Left `diverged` (no checkpoint after the divergence),
 * `interrupted` (a checkpoint was saved) or `run` (a step or a write
 * failed). The state stays the caller's to dispose either way.
 */
export const executeRun = async (run: PreparedRun, hooks: RunHooks = {}): Promise<E.Either<RunFailure, TrainSummary>> => {
  const { state, out } = run;
  const meta: RunMeta = { ...run.meta, ...(hooks.backend === undefined ? {} : { backend: hooks.backend }) };
  const d = hooks.distributed;
  const writer = isWriter(d?.world);
  let stopped = false;
  try {
    const rank = d === undefined ? undefined : joinRun(d, state.params, state.ema, run.batcher);
    if (writer) for (const f of run.replace) rmSync(join(out!, f), { recursive: true, force: true });
    const until = state.config.steps;
    const summary = await train(state, rank?.batcher ?? run.batcher, {
      ...rank?.hooks,
      // bits/dim only for images: a text row's dimension counts its padding (textMetrics gives per-token figures)
      ...(run.data.descriptor.kind === 'image' ? { dimension: run.data.descriptor.dimension } : {}),
      ...(hooks.backend === undefined ? {} : { backend: hooks.backend }),
      ...(hooks.now === undefined ? {} : { now: hooks.now }),
      checkpointEvery: hooks.checkpointEvery,
      onStep: async (stats, st) => {
        if (d !== undefined) syncCheck(d, st.params, st.step, until);
        await hooks.onStep?.(stats, st);
      },
      onLog: async (plain, st) => {
        if (!writer) return;
        const classification = await heldOutError(st, run.data);
        const validation = validationDue(st.step, st.config.evalEvery) ? await validationBound(st, run.data) : undefined;
        const record = { ...plain, ...(validation === undefined ? {} : { validation }), ...(classification === undefined ? {} : { classification }) };
        if (out !== undefined) appendRecord(join(out, 'log.jsonl'), record);
        await hooks.onLog?.(record, st);
      },
      onCheckpoint: async (st) => {
        if (out !== undefined && writer) await saveCheckpoint(out, st, meta);
      },
      shouldStop: hooks.shouldStop === undefined ? undefined : () => (stopped = d === undefined ? hooks.shouldStop!() : agreeStop(d, hooks.shouldStop!())),
    });
    if (summary.diverged !== undefined) return failure('diverged', describeDivergence(summary.diverged));
    if (stopped) return failure('interrupted', `interrupted at step ${state.step}${out === undefined ? '' : `: checkpoint saved; continue with strata train --resume --out ${out}`}`);
    return E.right(summary);
  } catch (e) {
    return failure('run', e instanceof Error ? e.message : String(e));
  }
};

/** Disposes a prepared run's state. */
export const disposeRun = (run: PreparedRun): void => disposeTrainState(run.state);
