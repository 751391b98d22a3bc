/**
 * A training run spread over the ranks of an MPI world: what the run module
 * (src/train/run.ts) needs to make one process a rank of it. Every rank
 * prepares the same run (same config, same global batcher, same checkpoint);
 * then rank 0's parameters and EMA are broadcast, each rank keeps its shard
 * of every global batch, draws its own trace noise, averages gradients and
 * agrees on the step's values, checks every `syncEvery` steps (and at the
 * end) that the parameters are identical, and agrees on a stop request.
 * Only rank 0 (isWriter) writes.
 */
import type { Batcher } from '../datasets/batcher.js';
import type { ParamStore } from '../dsl/params.js';
import { broadcastParams, checkParamsInSync, paramsHash } from './params-sync.js';
import { perRankBatchSize, shardBatcher, shardSeed } from './shard.js';
import { agreeAny, distributedStep, type RankStepHooks } from './step-hooks.js';
import { endWorld, startWorld, type World } from './world.js';

/** Steps between parameter-hash checks unless `--sync-every` says otherwise. */
export const DEFAULT_SYNC_EVERY = 100;

/** The distributed part of a run: its world and how often the ranks compare parameter hashes. */
export interface DistributedRun {
  readonly world: World;
  /** Steps between checkParamsInSync calls (also run after the last step); at least 1. */
  readonly syncEvery: number;
}

/** What the training loop of one rank uses (TrainHooks' `step`, `seedOf`, `ranks`). */
export interface RankHooks {
  /** Spread into the StepContext: averaged gradients, agreed values, global batch means. */
  readonly step: RankStepHooks;
  /** This rank's trace seed for a step whose single-process seed is the argument (shardSeed). */
  readonly seedOf: (seed: number) => number;
  /** N: the log counts N shard rows per batch row, so images/s is the global rate. */
  readonly ranks: number;
}

/**
 * Starts the world of `--distributed mpi` (see startWorld) and checks that
 * its N divides `globalBatch`; Left with one line (a usage error: exit 2)
 * when the process was not started by mpirun, the addon is missing, or N
 * does not divide the batch (the world is then ended).
 */
export const openDistributed = (globalBatch: number | undefined, syncEvery = DEFAULT_SYNC_EVERY, env: NodeJS.ProcessEnv = process.env): { ok: true; run: DistributedRun } | { ok: false; message: string } => {
  let world: World;
  try {
    world = startWorld(env, env.STRATA_MPI_ADDON);
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  if (globalBatch !== undefined) {
    try {
      perRankBatchSize(globalBatch, world.size);
    } catch (e) {
      endWorld(world);
      return { ok: false, message: `--distributed mpi: ${(e as Error).message}` };
    }
  }
  return { ok: true, run: { world, syncEvery: Math.max(1, Math.floor(syncEvery)) } };
};

/**
 * Makes a prepared run (state and global batcher, the same on every rank)
 * one rank's: broadcasts rank 0's parameters and EMA (optimizer moments are
 * zero in a new run and read from the same checkpoint on resume), and
 * returns this rank's shard batcher and loop hooks. Collective: every rank
 * calls it once. Throws when N does not divide the batch.
 */
export const joinRun = (d: DistributedRun, params: ParamStore, ema: ParamStore, global: Batcher): { batcher: Batcher; hooks: RankHooks } => {
  const batcher = shardBatcher(global, d.world);
  broadcastParams(d.world, params);
  broadcastParams(d.world, ema);
  return { batcher, hooks: { step: distributedStep(d.world, params), seedOf: (seed) => shardSeed(seed, d.world), ranks: d.world.size } };
};

/**
 * The parameter check after step `step`: every `syncEvery` steps and at
 * `last`. Throws (naming the step) when the ranks' parameters differ.
 * Collective: every rank calls it after every step.
 */
export const syncCheck = (d: DistributedRun, params: ParamStore, step: number, last: number): void => {
  if (step % d.syncEvery === 0 || step === last) checkParamsInSync(d.world, params, step);
};

/** A stop request on any rank stops every rank (one all-reduce of a flag); collective. */
export const agreeStop = (d: DistributedRun, stop: boolean): boolean => agreeAny(d.world, stop);

/** One line for rank 0's output: N ranks and the shared parameter hash. */
export const describeSync = (d: DistributedRun, params: ParamStore): string =>
  `${d.world.size} MPI ranks, parameters identical on every rank (hash ${paramsHash(params).toString(16).padStart(8, '0')}, checked every ${d.syncEvery} steps and at the end)`;

/**
 * Ends the world after a run: a normal end (barrier, finalize) when the run
 * succeeded or failed the same way on every rank (`agreed`: usage errors,
 * divergence and interruption are decided collectively); otherwise (a
 * failure of this rank alone, such as a failed write, while other ranks
 * may wait in a collective) writes `message` to stderr and aborts the whole
 * job with exit code `code` (MPI_Abort), so no rank hangs.
 */
export const finishWorld = (d: DistributedRun, outcome: { readonly agreed: boolean; readonly code?: number; readonly message?: string }): void => {
  if (outcome.agreed || d.world.size === 1) {
    endWorld(d.world);
    return;
  }
  process.stderr.write(`rank ${d.world.rank}: ${outcome.message ?? 'failed'}; aborting the MPI job\n`);
  d.world.mpi.abort(outcome.code ?? 1);
};
