/**
 * The training batcher of a run, chosen by its objective: a plain seeded
 * batcher over the training split, or, for M2, batches whose first
 * `labelledBatch` rows come from the `labelled` examples (an equal number per
 * class, chosen from the seed; src/datasets/labelled.ts) and whose other rows
 * come from the remaining, unlabelled examples (Kingma et al. 2014; Maaløe et
 * al. 2016 give every batch a fixed share of labelled examples). Used by
 * both `fit` and `strata train`, so both batch M2 the same way; also fills
 * M2's defaults (alpha, rows per batch) from the data.
 */
import * as E from 'fp-ts/lib/Either.js';
import { datasetBatcher, labelledSplit, type Batcher, type LoadedDataset } from '../datasets/index.js';
import { defaultAlpha } from '../inference/objectives/m2.js';
import * as tf from '@tensorflow/tfjs';
import type { Model } from '../dsl/model.js';
import { checkSupport } from '../inference/support.js';
import { modelBatch } from './batch.js';
import type { TrainConfig } from './config.js';

/** M2's labelled rows per batch: the configured number, else a third of the batch (at least 1). */
export const labelledBatchOf = (config: TrainConfig): number =>
  config.objective.kind !== 'm2' ? 0 : config.objective.labelledBatch ?? Math.max(1, Math.floor(config.batchSize / 3));

/**
 * `config` with M2's defaults filled in from `data`: alpha = 0.1 N / N_l
 * (defaultAlpha, N the training split's size) and the labelled rows per
 * batch. Other objectives are returned as they are.
 */
export const withLabelDefaults = (config: TrainConfig, data: LoadedDataset): TrainConfig => {
  const o = config.objective;
  if (o.kind !== 'm2') return config;
  const n = data.kind === 'image' ? data.splits.train.count : 0;
  const alpha = o.alpha ?? (o.labelled <= n ? defaultAlpha(n, o.labelled) : undefined);
  return { ...config, objective: { ...o, labelledBatch: labelledBatchOf(config), ...(alpha === undefined ? {} : { alpha }) } };
};

/** The training batcher of `config` on `data`; Left with one line naming the option when the data cannot serve it. */
export const runBatcher = (data: LoadedDataset, config: TrainConfig): E.Either<string, Batcher> => {
  const options = { batchSize: config.batchSize, seed: config.seed };
  try {
    if (config.objective.kind !== 'm2') return E.right(datasetBatcher(data, 'train', options));
    const split = data.kind === 'image' ? data.splits.train : undefined;
    const classes = data.kind === 'image' ? data.descriptor.classes : undefined;
    if (split?.labels === undefined || classes === undefined) return E.left(`objective (--objective m2): '${data.descriptor.name}' has no labels`);
    const { labelled } = config.objective;
    const perBatch = labelledBatchOf(config);
    if (perBatch >= config.batchSize || perBatch > labelled) {
      return E.left(`labelledBatch (--labelled-batch): expected an integer in 1..${Math.min(config.batchSize - 1, labelled)} (below --batch ${config.batchSize}, at most --labelled ${labelled}), got ${perBatch}`);
    }
    const sets = labelledSplit(split.labels, labelled, classes, config.seed);
    if (E.isLeft(sets)) return E.left(`labelled (--labelled): ${sets.left.message}`);
    return E.right(datasetBatcher(data, 'train', { ...options, indices: sets.right.unlabelled, labelled: { indices: sets.right.labelled, perBatch } }));
  } catch (e) {
    return E.left(`batchSize (--batch): ${e instanceof Error ? e.message : String(e)} of '${data.descriptor.name}'`);
  }
};

/**
 * Checks the first training batch against the supports of the model's
 * observed and label nodes, once, before training starts: Left with one line
 * naming the node, the data set, and the first value outside the support
 * (e.g. 8-bit pixels given to a Bernoulli node). Leaves no tensors behind.
 */
export const checkFirstBatch = (model: Model, data: LoadedDataset, batcher: Batcher): E.Either<string, void> => {
  const raw = batcher.batchAt(0, 0);
  try {
    const batch = tf.tidy(() => modelBatch(model, raw));
    try {
      const checked = checkSupport(model, batch, `data set '${data.descriptor.name}' (training split)`);
      return E.isLeft(checked) ? E.left(checked.left.message) : E.right(undefined);
    } finally {
      tf.dispose(Object.values(batch));
    }
  } finally {
    tf.dispose([raw.x, raw.y, raw.labelled].filter((t): t is tf.Tensor => t !== undefined));
  }
};
