/**
 * Batch and chunk of an evaluation command (`strata eval`, `strata score`):
 * the flags when given, the rest chosen from the bytes a 2-row trace of the
 * model holds and the memory budget (src/train/eval-budget.ts), so that a
 * large model or vocabulary never meets the wasm heap's limit at default
 * flags.
 */
import { freemem } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { datasetBatcher, type LoadedDataset } from '../datasets/index.js';
import type { Model } from '../dsl/model.js';
import type { ParamStore } from '../dsl/params.js';
import { modelBatch } from '../train/batch.js';
import { chooseEvalSizes, memoryBudget, traceBytesPerSample, type EvalSizes } from '../train/eval-budget.js';

/** What the sizes are chosen for. */
export interface SizeQuery {
  /** The split whose first two examples are traced. */
  readonly split: 'train' | 'validation' | 'test';
  /** Importance samples of the bound. */
  readonly k: number;
  /** Samples per row traced at once besides the bound's chunks (eval's active units: 16; score: 1). */
  readonly unitSamples: number;
  /** --batch and --chunk when given (kept as they are; --chunk at most K). */
  readonly batch?: number;
  readonly chunk?: number;
  /** The largest batch chosen (eval 50, score 100). */
  readonly maxBatch: number;
}

/** Batch and chunk for evaluating `model` with `params` on `data` (see {@link SizeQuery}); leaves no tensor behind. */
export const budgetedSizes = (model: Model, params: ParamStore, data: LoadedDataset, q: SizeQuery): EvalSizes => {
  const raw = datasetBatcher(data, q.split, { batchSize: 2, seed: 1, shuffle: false, lastBatch: 'keep' }).batchAt(0, 0);
  const batch = tf.tidy(() => modelBatch(model, raw));
  const bytesPerSample = traceBytesPerSample(model, params, batch);
  tf.dispose([...Object.values(batch), ...[raw.x, raw.y, raw.labelled].filter((t): t is tf.Tensor => t !== undefined)]);
  const budget = memoryBudget({ backend: tf.getBackend(), tensorBytes: tf.memory().numBytes, freeBytes: freemem() });
  return chooseEvalSizes({
    bytesPerSample, budget, k: q.k, unitSamples: q.unitSamples, maxBatch: q.maxBatch,
    ...(q.batch === undefined ? {} : { batch: q.batch }),
    ...(q.chunk === undefined ? {} : { chunk: q.chunk }),
  });
};

/** The line a command prints about its sizes. */
export const sizesLine = (sizes: EvalSizes): string =>
  `batch ${sizes.batch}, chunk ${sizes.chunk}: about ${(sizes.estimatedBytes / 1024 ** 2).toFixed(0)} MB per trace (--batch and --chunk override the memory budget)`;
