/**
 * Sharding of global batches: every rank draws the same global batch of
 * N x B examples from the seeded batcher and keeps its B rows (rank r: rows
 * r*B .. (r+1)*B - 1), so the data order of a run is the same for any N and
 * equals that of one process with batch N x B.
 */
import * as tf from '@tensorflow/tfjs';
import type { Batch, Batcher, BatchPosition } from '../datasets/batcher.js';
import { deriveSeed } from '../random/prng.js';
import type { World } from './world.js';

/** The per-rank batch B of a global batch over `ranks` ranks; throws one line when `ranks` does not divide it. */
export const perRankBatchSize = (globalBatch: number, ranks: number): number => {
  if (!Number.isInteger(ranks) || ranks < 1) throw new RangeError(`the number of ranks must be a positive integer, got ${ranks}`);
  if (!Number.isInteger(globalBatch) || globalBatch % ranks !== 0) {
    throw new RangeError(`--batch ${globalBatch} (the global batch) is not divisible by the ${ranks} MPI ranks; use a multiple of ${ranks}`);
  }
  return globalBatch / ranks;
};

/**
 * M2's batches (a `labelled` mask whose first L rows are set): rank r's rows
 * are its L/N labelled rows then its (B - L)/N unlabelled rows, so every
 * rank's shard has the same labelled share (and the same number of rows
 * after the label enumeration) as the global batch. Undefined (contiguous
 * rows) without a mask or when N does not divide L.
 */
const balancedRows = (batch: Batch, rank: number, ranks: number): number[] | undefined => {
  if (batch.labelled === undefined || ranks === 1) return undefined;
  const flags = batch.labelled.dataSync();
  const labelled = flags.findIndex((f) => f === 0) < 0 ? flags.length : flags.findIndex((f) => f === 0);
  if (labelled === 0 || labelled % ranks !== 0 || (flags.length - labelled) % ranks !== 0) return undefined;
  const [l, u] = [labelled / ranks, (flags.length - labelled) / ranks];
  return [...Array.from({ length: l }, (_, i) => rank * l + i), ...Array.from({ length: u }, (_, i) => labelled + rank * u + i)];
};

/**
 * Rank `rank`'s rows of a global batch (B = batch.x.shape[0] / ranks: rows
 * r*B .. (r+1)*B - 1, or for M2 the balanced rows of balancedRows); the
 * global batch's tensors are disposed, the caller owns the shard. `size`
 * counts the real (not padded) rows of the shard. Throws when the batch is
 * short (lastBatch 'keep': use 'drop' or 'pad').
 */
export const shardBatch = (batch: Batch, rank: number, ranks: number): Batch => {
  const rows = batch.x.shape[0];
  const b = perRankBatchSize(rows, ranks);
  const picked = balancedRows(batch, rank, ranks);
  const take = (t: tf.Tensor | undefined): tf.Tensor | undefined =>
    t === undefined ? undefined : picked === undefined ? t.slice(rank * b, b) : tf.tidy(() => tf.gather(t, picked));
  const shard: Batch = {
    x: take(batch.x)!,
    y: take(batch.y) as tf.Tensor1D | undefined,
    labelled: take(batch.labelled) as tf.Tensor1D | undefined,
    size: Math.max(0, Math.min(b, batch.size - rank * b)),
    epoch: batch.epoch,
    index: batch.index,
  };
  tf.dispose([batch.x, batch.y, batch.labelled].filter((t): t is tf.Tensor => t !== undefined));
  return shard;
};

/**
 * This rank's view of `global` (a batcher of the global batch size N x B):
 * the same epochs, indices and positions, each batch the rank's shard of
 * B rows. Throws when N does not divide the global batch size.
 */
export const shardBatcher = (global: Batcher, world: Pick<World, 'rank' | 'size'>): Batcher => {
  const batchSize = perRankBatchSize(global.batchSize, world.size);
  const shard = (batch: Batch): Batch => shardBatch(batch, world.rank, world.size);
  function* epoch(e: number, start = 0): Generator<Batch> {
    for (const batch of global.epoch(e, start)) yield shard(batch);
  }
  function* stream(from?: BatchPosition): Generator<Batch> {
    for (const batch of global.stream(from)) yield shard(batch);
  }
  return {
    batchSize,
    batchesPerEpoch: global.batchesPerEpoch,
    exampleCount: global.exampleCount,
    batchAt: (e, index) => shard(global.batchAt(e, index)),
    epoch,
    stream,
  };
};

/**
 * The trace seed of rank `rank` for a step whose single-process seed is
 * `seed`: `seed` itself in a run of one rank (so `mpirun -np 1` reproduces a
 * plain run), else an independent stream per rank, so that the shards of a
 * global batch do not share their noise.
 */
export const shardSeed = (seed: number, world: Pick<World, 'rank' | 'size'> | undefined): number =>
  world === undefined || world.size === 1 ? seed : deriveSeed(seed, world.rank);
