/**
 * The training batcher of a run, chosen by its objective: a plain seeded
 * batcher over the training split, or, for an objective that trains on
 * labelled and unlabelled data (M2), the same batcher carrying the mask of
 * `labelled` examples drawn from the seed (src/datasets/labelled.ts). Used
 * by both `fit` and `strata train`, so both batch M2 the same way.
 */
import * as E from 'fp-ts/lib/Either.js';
import { datasetBatcher, labelledSubset, subsetMask, type Batcher, type LoadedDataset } from '../datasets/index.js';
import type { TrainConfig } from './config.js';
import { objectiveEntry } from './objective-table.js';

/** The training batcher of `config` on `data`; Left with one line naming the option when the data cannot serve it. */
export const runBatcher = (data: LoadedDataset, config: TrainConfig): E.Either<string, Batcher> => {
  const options = { batchSize: config.batchSize, seed: config.seed };
  try {
    if (!objectiveEntry(config.objective.kind).labelled || config.objective.kind !== 'm2') return E.right(datasetBatcher(data, 'train', options));
    const split = data.kind === 'image' ? data.splits.train : undefined;
    const classes = data.kind === 'image' ? data.descriptor.classes : undefined;
    if (split?.labels === undefined || classes === undefined) return E.left(`objective (--objective m2): '${data.descriptor.name}' has no labels`);
    const subset = labelledSubset(split.labels, config.objective.labelled, classes, config.seed);
    if (E.isLeft(subset)) return E.left(`labelled (--labelled): ${subset.left.message}`);
    return E.right(datasetBatcher(data, 'train', { ...options, labelledMask: subsetMask(subset.right, split.count) }));
  } catch (e) {
    return E.left(`batchSize (--batch): ${e instanceof Error ? e.message : String(e)} of '${data.descriptor.name}'`);
  }
};
