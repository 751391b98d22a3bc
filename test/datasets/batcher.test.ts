import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBatcher, labelledRowsAt, type Batch } from '../../src/datasets/batcher.js';
import type { ExampleSource } from '../../src/datasets/exampleSource.js';

/** A source whose row k is [k, noiseSeed] and whose label is k mod 10. */
const indexSource = (count: number): ExampleSource => ({
  count,
  rowShape: [2],
  dtype: 'float32',
  labels: Uint8Array.from({ length: count }, (_, k) => k % 10),
  write: (example, noiseSeed, out, offset) => {
    out[offset] = example;
    out[offset + 1] = noiseSeed;
  },
});

const rowsOf = (batch: Batch): number[][] => batch.x.arraySync() as number[][];
const examplesOf = (batch: Batch): number[] => rowsOf(batch).map((r) => r[0]);
const dispose = (batch: Batch): void => tf.dispose([batch.x, batch.y, batch.labelled].filter((t) => t !== undefined));
const take = <A>(n: number, it: Iterator<A>): A[] => Array.from({ length: n }, () => it.next().value as A);

describe('createBatcher', () => {
  let tensorsBefore = 0;
  beforeEach(() => {
    tensorsBefore = tf.memory().numTensors;
  });
  afterEach(() => {
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('visits every example exactly once per epoch, in a seeded order', () => {
    const batcher = createBatcher(indexSource(10), { batchSize: 5, seed: 3, lastBatch: 'keep' });

    const batches = [...batcher.epoch(0)];
    const seen = batches.flatMap(examplesOf);
    batches.forEach(dispose);

    expect(seen.slice().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seen).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('reshuffles every epoch and repeats an epoch exactly from the same seed', () => {
    const a = createBatcher(indexSource(50), { batchSize: 50, seed: 1 });
    const b = createBatcher(indexSource(50), { batchSize: 50, seed: 1 });
    const [a0, a1, b1] = [a.batchAt(0, 0), a.batchAt(1, 0), b.batchAt(1, 0)];

    expect(examplesOf(a1)).toEqual(examplesOf(b1));
    expect(examplesOf(a0)).not.toEqual(examplesOf(a1));
    [a0, a1, b1].forEach(dispose);
  });

  it('resumes a stream at any (epoch, index) with the same batches', () => {
    const batcher = createBatcher(indexSource(7), { batchSize: 2, seed: 9 });
    const full = take(8, batcher.stream());
    const resumed = take(3, batcher.stream({ epoch: 1, index: 2 }));

    expect(batcher.batchesPerEpoch).toBe(3);
    expect(resumed.map((b) => [b.epoch, b.index])).toEqual([
      [1, 2],
      [2, 0],
      [2, 1],
    ]);
    expect(resumed.map(rowsOf)).toEqual(full.slice(5).map(rowsOf));
    [...full, ...resumed].forEach(dispose);
  });

  it("drops, keeps or pads the short last batch", () => {
    const source = indexSource(7);
    const drop = createBatcher(source, { batchSize: 3, seed: 0, lastBatch: 'drop' });
    const keep = createBatcher(source, { batchSize: 3, seed: 0, lastBatch: 'keep' });
    const pad = createBatcher(source, { batchSize: 3, seed: 0, lastBatch: 'pad' });
    const kept = keep.batchAt(0, 2);
    const padded = pad.batchAt(0, 2);

    expect([drop.batchesPerEpoch, keep.batchesPerEpoch, pad.batchesPerEpoch]).toEqual([2, 3, 3]);
    expect([kept.x.shape, kept.size]).toEqual([[1, 2], 1]);
    expect([padded.x.shape, padded.size]).toEqual([[3, 2], 1]);
    expect(rowsOf(padded).slice(1)).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(padded.y?.arraySync()).toEqual([examplesOf(kept)[0] % 10, 0, 0]);
    [kept, padded].forEach(dispose);
  });

  it('seeds the noise by (seed, epoch, example), independently of the batch size', () => {
    const small = createBatcher(indexSource(6), { batchSize: 2, seed: 4, shuffle: false });
    const large = createBatcher(indexSource(6), { batchSize: 3, seed: 4, shuffle: false });
    const [s, l, nextEpoch] = [small.batchAt(0, 0), large.batchAt(0, 0), large.batchAt(1, 0)];

    expect(rowsOf(s)).toEqual(rowsOf(l).slice(0, 2));
    expect(rowsOf(nextEpoch)[0][1]).not.toBe(rowsOf(l)[0][1]);
    expect(examplesOf(l)).toEqual([0, 1, 2]);
    [s, l, nextEpoch].forEach(dispose);
  });

  it('restricts to given indices', () => {
    const batcher = createBatcher(indexSource(6), { batchSize: 3, seed: 2, indices: Uint32Array.from([0, 3, 5]) });

    const batch = batcher.batchAt(0, 0);

    expect(batcher.exampleCount).toBe(3);
    expect(examplesOf(batch).sort()).toEqual([0, 3, 5]);
    expect(batch.labelled).toBeUndefined();
    expect(batch.y?.dtype).toBe('int32');
    dispose(batch);
  });

  it('puts exactly perBatch labelled rows first in every batch, from the labelled set only', () => {
    const labelled = Uint32Array.from([1, 4, 7]);
    const unlabelled = Uint32Array.from([0, 2, 3, 5, 6, 8, 9, 10, 11, 12]);
    const batcher = createBatcher(indexSource(13), { batchSize: 5, seed: 4, indices: unlabelled, labelled: { indices: labelled, perBatch: 2 } });

    const batches = take(7, batcher.stream());
    const flags = batches.map((b) => b.labelled?.arraySync());
    const examples = batches.map(examplesOf);
    batches.forEach(dispose);

    expect(batcher.batchesPerEpoch).toBe(3);
    for (const f of flags) expect(f).toEqual([1, 1, 0, 0, 0]);
    for (const e of examples) {
      expect(e.slice(0, 2).every((x) => labelled.includes(x))).toBe(true);
      expect(e.slice(2).every((x) => unlabelled.includes(x))).toBe(true);
    }
    // The labelled stream runs in passes: each 3 consecutive labelled rows are the whole labelled set.
    const stream = examples.flatMap((e) => e.slice(0, 2));
    for (let p = 0; p + 3 <= stream.length; p += 3) expect(stream.slice(p, p + 3).sort()).toEqual([1, 4, 7]);
  });

  it('draws the labelled rows as a pure function of (seed, epoch, index)', () => {
    const options = { batchSize: 4, seed: 8, indices: Uint32Array.from([0, 1, 2, 3, 4, 5]), labelled: { indices: Uint32Array.from([6, 7, 8, 9, 10]), perBatch: 2 } };
    const a = createBatcher(indexSource(11), options);
    const b = createBatcher(indexSource(11), options);
    const c = createBatcher(indexSource(11), { ...options, seed: 9 });

    const rows = [a.batchAt(1, 2), b.batchAt(1, 2), a.batchAt(0, 0)];
    const others = take(12, c.stream()).map((batch) => {
      const e = examplesOf(batch).slice(0, 2);
      dispose(batch);
      return e;
    });
    const [x, y, first] = rows.map(examplesOf);
    rows.forEach(dispose);

    expect(x).toEqual(y);
    expect(Array.from(labelledRowsAt(options.labelled, 8, 1 * 3 + 2))).toEqual(x.slice(0, 2));
    expect(Array.from(labelledRowsAt(options.labelled, 8, 0))).toEqual(first.slice(0, 2));
    expect(others.flat()).not.toEqual(take(12, a.stream()).map((batch) => {
      const e = examplesOf(batch).slice(0, 2);
      dispose(batch);
      return e;
    }).flat());
  });

  it('refuses a labelled sub-batch that does not fit', () => {
    const labelled = { indices: Uint32Array.from([0]), perBatch: 4 };

    expect(() => createBatcher(indexSource(8), { batchSize: 4, seed: 0, labelled })).toThrow('labelled rows per batch must be an integer in 1..3 (batch size 4), got 4');
    expect(() => createBatcher(indexSource(8), { batchSize: 4, seed: 0, labelled: { indices: new Uint32Array(0), perBatch: 1 } })).toThrow('empty labelled set');
  });

  it('refuses a bad batch size or position', () => {
    const batcher = createBatcher(indexSource(4), { batchSize: 2, seed: 0 });

    expect(() => createBatcher(indexSource(4), { batchSize: 0, seed: 0 })).toThrow('batch size must be a positive integer');
    expect(() => createBatcher(indexSource(4), { batchSize: 5, seed: 0 })).toThrow("exceeds the 4 examples");
    expect(() => batcher.batchAt(0, 2)).toThrow('batch index 2 is outside 0..1');
  });
});
