/**
 * The validation bound a run logs every `config.evalEvery` steps (`strata
 * train --eval-every N`): the ELBO L_1 (one posterior sample, BIVA section
 * 4) of the EMA weights on a fixed subset of the validation split, the first
 * VALIDATION_EXAMPLES examples in index order, their binarization noise and
 * the trace noise seeded from the run's seed alone, so that successive
 * records differ only by the weights. A model with a label node is scored on
 * (x, y), the data set's labels given.
 */
import * as tf from '@tensorflow/tfjs';
import { datasetBatcher, type LoadedDataset } from '../datasets/index.js';
import { elboPerDatum } from '../inference/objectives/elbo.js';
import { readKept } from '../inference/read.js';
import { trace } from '../inference/trace.js';
import { deriveSeed } from '../random/prng.js';
import { modelBatches } from './batch.js';
import { VALIDATION_EXAMPLES } from './options.js';
import type { TrainState } from './state.js';

export { VALIDATION_EXAMPLES } from './options.js';

/** Examples per forward pass of the validation bound. */
const BATCH = 250;

/** Seed stream of the validation bound (binarization and trace noise). */
const STREAM = 0x7a1d;

/** A log record's validation entry: L_1 per datum (nats) and its negation. */
export interface ValidationBound {
  readonly split: 'validation';
  readonly examples: number;
  /** Mean ELBO L_1 per example, nats. */
  readonly elbo: number;
  /** -elbo, nats per example (the training record's `nats`). */
  readonly nats: number;
}

/** Whether the record of `step` carries a validation bound: `evalEvery` > 0 divides it. */
export const validationDue = (step: number, evalEvery: number | undefined): boolean => evalEvery !== undefined && evalEvery > 0 && step > 0 && step % evalEvery === 0;

/**
 * L_1 of `state`'s EMA weights on the first `limit` validation examples
 * (the mean over examples in float64; an example's -inf ELBO makes it -inf).
 * Undefined when the split is empty.
 */
export const validationBound = async (state: TrainState, data: LoadedDataset, limit = VALIDATION_EXAMPLES): Promise<ValidationBound | undefined> => {
  const seed = deriveSeed(state.config.seed, STREAM);
  const batcher = datasetBatcher(data, 'validation', { batchSize: BATCH, seed, shuffle: false, lastBatch: 'keep' });
  let sum = 0;
  let examples = 0;
  let index = 0;
  for (const batch of modelBatches(state.model, batcher, limit)) {
    let read: Promise<Float32Array> = Promise.resolve(new Float32Array());
    tf.tidy(() => {
      read = readKept(elboPerDatum(trace(state.model, state.ema, batch, { k: 1, seed: deriveSeed(seed, index) })));
    });
    const values = await read;
    index += 1;
    for (const v of values) sum += v;
    examples += values.length;
  }
  if (examples === 0) return undefined;
  const elbo = sum / examples;
  return { split: 'validation', examples, elbo, nats: -elbo };
};
