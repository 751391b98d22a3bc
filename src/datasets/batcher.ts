/**
 * Seeded, resumable mini-batches over an `ExampleSource`.
 *
 * A batch is a pure function of (seed, epoch, index): the epoch's order is a
 * permutation drawn from `deriveSeed(seed, SHUFFLE, epoch)` and an example's
 * binarization noise from `deriveSeed(seed, NOISE, epoch, example)`. A training
 * loop therefore resumes exactly at any (epoch, index) with `batchAt` or
 * `stream`, and the data set is never copied per epoch: each batch writes only
 * its own rows. The caller owns (and disposes) the tensors of every batch.
 */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed, permutation, prng } from '../random/prng.js';
import { rowSize, type ExampleSource } from './exampleSource.js';

/** What to do with the examples left over when the batch size does not divide their number. */
export type LastBatch = 'drop' | 'keep' | 'pad';

/** Batching options. */
export interface BatcherOptions {
  readonly batchSize: number;
  readonly seed: number;
  /** Shuffle every epoch (default true); when false examples come in index order. */
  readonly shuffle?: boolean;
  /** 'drop' (default) skips a short last batch, 'keep' yields it short, 'pad' fills it with zero rows. */
  readonly lastBatch?: LastBatch;
  /** Restrict the batches to these example indices (e.g. a labelled subset). */
  readonly indices?: Uint32Array;
  /**
   * Semi-supervised batches (M2): the first `perBatch` rows of every batch
   * come from the labelled examples `indices`, the other batchSize - perBatch
   * from the (unlabelled) examples the batcher walks; batches then carry
   * `labelled`, true on exactly those first rows.
   */
  readonly labelled?: LabelledRows;
}

/**
 * The labelled sub-batch of semi-supervised batching (Kingma et al. 2014;
 * Maaløe et al. 2016 give every batch a fixed share of labelled examples).
 * Labelled rows cycle through `indices` in passes of their own: pass p is the
 * permutation drawn from deriveSeed(seed, LABELLED, p), and the batch at
 * global step g = epoch * batchesPerEpoch + index takes the labelled stream's
 * elements g * perBatch .. (g + 1) * perBatch - 1, so it is a pure function of
 * (seed, epoch, index) like the unlabelled rows.
 */
export interface LabelledRows {
  readonly indices: Uint32Array;
  /** Labelled rows per batch: an integer in 1..batchSize - 1. */
  readonly perBatch: number;
}

/** One mini-batch. Every tensor belongs to the caller. */
export interface Batch {
  /** float32 [B, ...rowShape] for images, int32 [B, T] for text. */
  readonly x: tf.Tensor;
  /** int32 [B] class labels, when the source has labels (0 in padded rows). */
  readonly y?: tf.Tensor1D;
  /** bool [B], true where the label may be used (the first `labelled.perBatch` rows), with `labelled` batching. */
  readonly labelled?: tf.Tensor1D;
  /** Number of real (not padded) rows: the first `size` rows of the batch. */
  readonly size: number;
  readonly epoch: number;
  readonly index: number;
}

/** A position in the stream of batches. */
export interface BatchPosition {
  readonly epoch: number;
  readonly index: number;
}

/** Resumable access to the batches of every epoch. */
export interface Batcher {
  readonly batchSize: number;
  readonly batchesPerEpoch: number;
  /** Number of examples one epoch visits (before dropping or padding). */
  readonly exampleCount: number;
  /** The batch at `index` (0-based) of `epoch`. */
  readonly batchAt: (epoch: number, index: number) => Batch;
  /** The batches of `epoch` from index `start` to its end. */
  readonly epoch: (epoch: number, start?: number) => Generator<Batch>;
  /** Every batch from `from` on, epoch after epoch, without end. */
  readonly stream: (from?: BatchPosition) => Generator<Batch>;
}

const SHUFFLE = 0;
const NOISE = 1;
const LABELLED = 2;

/** The example indices of the labelled rows of global batch `g` (see `LabelledRows`). */
export const labelledRowsAt = (labelled: LabelledRows, seed: number, g: number): Uint32Array => {
  const n = labelled.indices.length;
  const out = new Uint32Array(labelled.perBatch);
  let pass = -1;
  let order: Uint32Array = new Uint32Array(0);
  for (let r = 0; r < labelled.perBatch; r++) {
    const position = g * labelled.perBatch + r;
    const p = Math.floor(position / n);
    if (p !== pass) {
      pass = p;
      order = permutation(n, prng(deriveSeed(seed, LABELLED, p)));
    }
    out[r] = labelled.indices[order[position - p * n]];
  }
  return out;
};

/** Refuses a labelled sub-batch that does not fit the batch or has no examples. */
const checkLabelled = (labelled: LabelledRows, batchSize: number): void => {
  const { perBatch, indices } = labelled;
  if (!Number.isInteger(perBatch) || perBatch < 1 || perBatch >= batchSize) {
    throw new RangeError(`labelled rows per batch must be an integer in 1..${batchSize - 1} (batch size ${batchSize}), got ${perBatch}`);
  }
  if (indices.length === 0) throw new RangeError('cannot draw labelled rows from an empty labelled set');
};

/** Creates a batcher; throws a RangeError for a batch size that is not a positive integer or an empty source. */
export const createBatcher = (source: ExampleSource, options: BatcherOptions): Batcher => {
  const { seed, labelled } = options;
  if (!Number.isInteger(options.batchSize) || options.batchSize <= 0) throw new RangeError(`batch size must be a positive integer, got ${options.batchSize}`);
  if (labelled !== undefined) checkLabelled(labelled, options.batchSize);
  /** Rows per batch walked through the examples (all of them without `labelled`). */
  const batchSize = options.batchSize - (labelled?.perBatch ?? 0);
  const base = options.indices ?? Uint32Array.from({ length: source.count }, (_, i) => i);
  if (base.length === 0) throw new RangeError('cannot batch an empty set of examples');
  const lastBatch = options.lastBatch ?? 'drop';
  const batchesPerEpoch = lastBatch === 'drop' ? Math.floor(base.length / batchSize) : Math.ceil(base.length / batchSize);
  if (batchesPerEpoch === 0) throw new RangeError(`batch size ${batchSize} exceeds the ${base.length} examples with lastBatch 'drop'`);
  const width = rowSize(source);
  let cached: { epoch: number; order: Uint32Array } | undefined;
  const orderOf = (epoch: number): Uint32Array => {
    if (options.shuffle === false) return base;
    if (cached?.epoch !== epoch) {
      const perm = permutation(base.length, prng(deriveSeed(seed, SHUFFLE, epoch)));
      cached = { epoch, order: perm.map((i) => base[i]) };
    }
    return cached.order;
  };

  const batchAt = (epoch: number, index: number): Batch => {
    if (!Number.isInteger(index) || index < 0 || index >= batchesPerEpoch) {
      throw new RangeError(`batch index ${index} is outside 0..${batchesPerEpoch - 1}`);
    }
    const walked = orderOf(epoch).subarray(index * batchSize, (index + 1) * batchSize);
    const first = labelled === undefined ? new Uint32Array(0) : labelledRowsAt(labelled, seed, epoch * batchesPerEpoch + index);
    const rows = first.length === 0 ? walked : Uint32Array.from([...first, ...walked]);
    const height = lastBatch === 'pad' ? options.batchSize : rows.length;
    const values = source.dtype === 'float32' ? new Float32Array(height * width) : new Int32Array(height * width);
    rows.forEach((example, r) => source.write(example, deriveSeed(seed, NOISE, epoch, example), values, r * width));
    const perRow = (f: (example: number) => number): Int32Array => {
      const out = new Int32Array(height);
      rows.forEach((example, r) => {
        out[r] = f(example);
      });
      return out;
    };
    const { labels } = source;
    const flags = new Int32Array(height).fill(1, 0, first.length);
    return {
      x: tf.tensor(values, [height, ...source.rowShape], source.dtype),
      y: labels === undefined ? undefined : tf.tensor1d(perRow((e) => labels[e]), 'int32'),
      labelled: labelled === undefined ? undefined : tf.tensor1d(flags, 'bool'),
      size: rows.length,
      epoch,
      index,
    };
  };

  function* epochBatches(epoch: number, start = 0): Generator<Batch> {
    for (let index = start; index < batchesPerEpoch; index++) yield batchAt(epoch, index);
  }

  function* stream(from: BatchPosition = { epoch: 0, index: 0 }): Generator<Batch> {
    for (let epoch = from.epoch; ; epoch++) yield* epochBatches(epoch, epoch === from.epoch ? from.index : 0);
  }

  return { batchSize: options.batchSize, batchesPerEpoch, exampleCount: base.length, batchAt, epoch: epochBatches, stream };
};
