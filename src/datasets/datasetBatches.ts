/**
 * Batches of a loaded data set: picks the example source its descriptor calls
 * for (dynamic binarization, 0/1 or 8-bit pixels, token ids) and hands it to
 * the batcher; `splitTensors` puts a whole split into tensors at once.
 */
import { createBatcher, type Batch, type Batcher, type BatcherOptions } from './batcher.js';
import { imageSource, textSource, type ExampleSource, type ImageLayout } from './exampleSource.js';
import type { LoadedDataset } from './registry.js';
import type { Split } from './split.js';

/** Batching options plus the image layout ('flat' [B, 784] by default, or 'image' [B, 28, 28, 1]). */
export interface DatasetBatcherOptions extends BatcherOptions {
  readonly layout?: ImageLayout;
}

/** The example source of one split of `dataset`. */
export const datasetSource = (dataset: LoadedDataset, split: Split, layout: ImageLayout = 'flat'): ExampleSource => {
  if (dataset.kind === 'text') return textSource(dataset.splits[split]);
  return imageSource(dataset.splits[split], dataset.descriptor.encoding, layout);
};

/** A seeded, resumable batcher over one split of `dataset`. */
export const datasetBatcher = (dataset: LoadedDataset, split: Split, options: DatasetBatcherOptions): Batcher =>
  createBatcher(datasetSource(dataset, split, options.layout), options);

/**
 * The whole split as one batch in index order (epoch 0 of `seed` for the
 * binarization draw). The caller disposes its tensors.
 */
export const splitTensors = (dataset: LoadedDataset, split: Split, seed = 0, layout: ImageLayout = 'flat'): Batch => {
  const source = datasetSource(dataset, split, layout);
  return createBatcher(source, { batchSize: source.count, seed, shuffle: false, lastBatch: 'keep' }).batchAt(0, 0);
};
