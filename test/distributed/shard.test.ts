import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBatcher } from '../../src/datasets/batcher.js';
import type { ExampleSource } from '../../src/datasets/exampleSource.js';
import { perRankBatchSize, shardBatch, shardBatcher, shardSeed } from '../../src/distributed/shard.js';

/** `count` examples of 3 values; example e holds e, e + 0.25, e + 0.5, and label e % 10. */
const source = (count: number): ExampleSource => ({
  count,
  rowShape: [3],
  dtype: 'float32',
  labels: Uint8Array.from({ length: count }, (_, e) => e % 10),
  write: (e, _seed, out, offset) => out.set([e, e + 0.25, e + 0.5], offset),
});

describe('perRankBatchSize', () => {
  it('divides the global batch by the ranks', () => {
    expect(perRankBatchSize(12, 3)).toBe(4);
  });

  it('names the flag and the ranks when they do not divide the global batch', () => {
    expect(() => perRankBatchSize(10, 3)).toThrow(/--batch 10 .* not divisible by the 3 MPI ranks/);
  });
});

describe('shardBatcher', () => {
  it('law: the ranks\' shards, in rank order, are the global batch (the same data order for any N)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 2 }), (ranks, b, epoch) => {
      // Arrange
      const global = createBatcher(source(40), { batchSize: ranks * b, seed: 9 });
      const shards = Array.from({ length: ranks }, (_, rank) => shardBatcher(global, { rank, size: ranks }));
      // Act
      const whole = global.batchAt(epoch, 1);
      const parts = shards.map((s) => s.batchAt(epoch, 1));
      // Assert
      const joined = tf.concat(parts.map((p) => p.x));
      const labels = tf.concat(parts.map((p) => p.y!));
      expect(Array.from(joined.dataSync())).toEqual(Array.from(whole.x.dataSync()));
      expect(Array.from(labels.dataSync())).toEqual(Array.from(whole.y!.dataSync()));
      expect(parts.every((p) => p.size === b && p.x.shape[0] === b)).toBe(true);
      expect(shards[0].batchSize).toBe(b);
      tf.dispose([joined, labels, whole.x, whole.y!, ...parts.flatMap((p) => [p.x, p.y!])]);
    }), { numRuns: 30 });
  });

  it('streams the same positions as the global batcher and leaves no tensors behind', () => {
    const global = createBatcher(source(20), { batchSize: 4, seed: 1 });
    const shard = shardBatcher(global, { rank: 1, size: 2 });
    const before = tf.memory().numTensors;
    const stream = shard.stream({ epoch: 0, index: 3 });
    const positions = [0, 1, 2].map(() => {
      const batch = stream.next().value!;
      tf.dispose([batch.x, batch.y!]);
      return [batch.epoch, batch.index];
    });
    expect(positions).toEqual([[0, 3], [0, 4], [1, 0]]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses ranks that do not divide the global batch size', () => {
    expect(() => shardBatcher(createBatcher(source(20), { batchSize: 5, seed: 1 }), { rank: 0, size: 2 })).toThrow(/not divisible by the 2 MPI ranks/);
  });
});

describe('shardBatch of an M2 batch (labelled rows first)', () => {
  const m2Batch = (labelled: number): Parameters<typeof shardBatch>[0] => ({
    x: tf.tensor2d(Array.from({ length: 8 }, (_, i) => [i])),
    labelled: tf.tensor1d(Array.from({ length: 8 }, (_, i) => (i < labelled ? 1 : 0))),
    size: 8, epoch: 0, index: 0,
  });

  it('gives every rank its share of the labelled rows, then its share of the unlabelled rows', () => {
    // Arrange: 8 rows, the first 4 labelled, 2 ranks.
    const before = tf.memory().numTensors;
    // Act
    const shards = [0, 1].map((rank) => shardBatch(m2Batch(4), rank, 2));
    // Assert
    expect(shards.map((s) => Array.from(s.x.dataSync()))).toEqual([[0, 1, 4, 5], [2, 3, 6, 7]]);
    expect(shards.map((s) => Array.from(s.labelled!.dataSync()))).toEqual([[1, 1, 0, 0], [1, 1, 0, 0]]);
    shards.forEach((s) => tf.dispose([s.x, s.labelled!]));
    expect(tf.memory().numTensors).toBe(before); // shardBatch disposed the global batches, the test its shards
  });

  it('keeps contiguous rows when the ranks do not divide the labelled rows', () => {
    // Act
    const shard = shardBatch(m2Batch(3), 1, 2);
    // Assert
    expect(Array.from(shard.x.dataSync())).toEqual([4, 5, 6, 7]);
    tf.dispose([shard.x, shard.labelled!]);
  });
});

describe('shardSeed', () => {
  it('keeps the seed for one rank and gives each of several ranks its own', () => {
    expect(shardSeed(42, undefined)).toBe(42);
    expect(shardSeed(42, { rank: 0, size: 1 })).toBe(42);
    const seeds = [0, 1, 2].map((rank) => shardSeed(42, { rank, size: 3 }));
    expect(new Set(seeds).size).toBe(3);
  });
});
