import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { Batch } from '../../src/datasets/batcher.js';
import { datasetBatcher, splitTensors } from '../../src/datasets/datasetBatches.js';
import { loadDataset } from '../../src/datasets/registry.js';
import { SPLITS } from '../../src/datasets/split.js';
import { BOS, PAD } from '../../src/datasets/vocabulary.js';
import { rightOf, writeTaggedCorpus } from './fixtures.js';

const dispose = (batch: Batch): void => tf.dispose([batch.x, batch.y, batch.labelled].filter((t) => t !== undefined));

describe('datasetBatcher', () => {
  it("batches 'mnist-dyn' as 0/1 float32 rows with int32 labels, redrawn every epoch", () => {
    const dataset = rightOf(loadDataset('mnist-dyn'));
    const batcher = datasetBatcher(dataset, 'train', { batchSize: 48, seed: 1, shuffle: false });

    const [first, again, next] = [batcher.batchAt(0, 0), batcher.batchAt(0, 0), batcher.batchAt(1, 0)];
    const values = first.x.dataSync();

    expect([first.x.shape, first.x.dtype, first.y?.dtype]).toEqual([[48, 784], 'float32', 'int32']);
    expect(values.every((v) => v === 0 || v === 1)).toBe(true);
    expect(tf.tidy(() => first.x.equal(again.x).all().dataSync()[0])).toBe(1);
    expect(tf.tidy(() => first.x.equal(next.x).all().dataSync()[0])).toBe(0);
    expect(first.y?.dataSync()[0]).toBe(5);
    [first, again, next].forEach(dispose);
  });

  it("batches 'fashion-mnist-8bit' as 0..255 images of [B, 28, 28, 1]", () => {
    const dataset = rightOf(loadDataset('fashion-mnist-8bit'));

    const batch = datasetBatcher(dataset, 'test', { batchSize: 16, seed: 0, layout: 'image' }).batchAt(0, 0);
    const [min, max] = tf.tidy(() => [batch.x.min().dataSync()[0], batch.x.max().dataSync()[0]]);

    expect(batch.x.shape).toEqual([16, 28, 28, 1]);
    expect([min, max]).toEqual([0, 255]);
    dispose(batch);
  });

  it("batches 'brown' as int32 token rows", () => {
    const dataset = rightOf(loadDataset('brown', { brownDir: writeTaggedCorpus(40), text: { testCount: 5, validationCount: 5 } }));

    const batch = datasetBatcher(dataset, 'train', { batchSize: 8, seed: 0 }).batchAt(0, 2);
    const ids = batch.x.dataSync();

    expect([batch.x.shape, batch.x.dtype, batch.y]).toEqual([[8, 41], 'int32', undefined]);
    expect(Array.from(ids.subarray(0, 2))).toEqual([dataset.kind === 'text' ? dataset.vocabulary.ids.get('the') : -1, 5]);
    expect(ids.includes(BOS)).toBe(false);
    expect(ids[40]).toBe(PAD);
    dispose(batch);
  });
});

describe('splitTensors', () => {
  it('loads all of MNIST into tensors in well under 3 s, keeping a single copy of the pixels', () => {
    const before = process.memoryUsage().arrayBuffers;
    const tensorsBefore = tf.memory().numTensors;
    const start = performance.now();

    const dataset = rightOf(loadDataset('mnist-8bit'));
    const batches = SPLITS.map((split) => splitTensors(dataset, split));
    const milliseconds = performance.now() - start;
    const grown = process.memoryUsage().arrayBuffers - before;
    const tensorBytes = tf.memory().numBytes;
    const pixelBytes = 70000 * 784 + 70000;
    console.info(
      `MNIST -> tensors: ${milliseconds.toFixed(0)} ms; array buffers +${(grown / 2 ** 20).toFixed(1)} MiB ` +
        `(tensors ${(tensorBytes / 2 ** 20).toFixed(1)} MiB + bytes ${(pixelBytes / 2 ** 20).toFixed(1)} MiB)`,
    );

    expect(batches.map((b) => b.x.shape[0])).toEqual([50000, 10000, 10000]);
    expect(milliseconds).toBeLessThan(3000);
    expect(grown).toBeLessThan((tensorBytes + pixelBytes) * 1.05);
    batches.forEach(dispose);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});
