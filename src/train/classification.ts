/**
 * Classification with a model that has a label node (BIVA-M2): the error of
 * argmax q(y | x) on a labelled split, the held-out error a training run logs,
 * and the labelled rows a run has trained on. Used by the run module, `strata
 * eval` and `strata classify`.
 */
import * as E from 'fp-ts/lib/Either.js';
import { datasetBatcher, type LoadedDataset, type Split } from '../datasets/index.js';
import type { Model } from '../dsl/model.js';
import type { ParamStore } from '../dsl/params.js';
import { classifyBatches, type Classification } from '../inference/classify.js';
import { modelBatches } from './batch.js';
import { labelledBatchOf } from './run-batcher.js';
import type { TrainState } from './state.js';

/** Classifies the first `limit` examples of `split` (labels from the data set) with `params`. */
export const classifySplit = (model: Model, params: ParamStore, data: LoadedDataset, split: Split, limit = Number.POSITIVE_INFINITY, batch = 500): Promise<Classification> => {
  const batcher = datasetBatcher(data, split, { batchSize: batch, seed: 1, shuffle: false, lastBatch: 'keep' });
  return classifyBatches(model, params, modelBatches(model, batcher, limit));
};

/** Labelled rows a run has trained on: step x labelled rows per batch (0 unless the objective is m2). */
export const labelledSeen = (state: TrainState): number => (state.config.objective.kind === 'm2' ? state.step * labelledBatchOf(state.config) : 0);

/**
 * The log record's classification entry: the error of the EMA weights on the
 * first 1000 validation examples, for a model with one label node and a data
 * set with labels; undefined otherwise.
 */
export const heldOutError = async (state: TrainState, data: LoadedDataset, limit = 1000): Promise<{ split: string; examples: number; error: number; labelledSeen: number } | undefined> => {
  if (state.model.labels.length !== 1 || data.kind !== 'image' || data.splits.validation.labels === undefined) return undefined;
  const c = await classifySplit(state.model, state.ema, data, 'validation', limit);
  return { split: 'validation', examples: c.examples, error: c.rate, labelledSeen: labelledSeen(state) };
};

/** Whether `strata eval` and `classify` can classify with this run on `data`, or why not. */
export const classifiable = (model: Model, data: LoadedDataset): E.Either<string, true> => {
  if (model.labels.length !== 1) return E.left(`the model has ${model.labels.length} label nodes, classification needs exactly one`);
  if (data.kind !== 'image' || data.splits.train.labels === undefined) return E.left(`'${data.descriptor.name}' has no labels`);
  return E.right(true);
};
