import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createBatcher } from '../../src/datasets/batcher.js';
import type { ExampleSource } from '../../src/datasets/exampleSource.js';
import { deriveSeed, permutation, prng } from '../../src/random/prng.js';

const N = 6;
const SEED = 9;

/** N examples of 784 values, example e written as 784 copies of e. */
const indexSource: ExampleSource = { count: N, rowShape: [784], dtype: 'float32', write: (example, _seed, out, offset) => out.fill(example, offset, offset + 784) };

describe('the batcher seed', () => {
  it('orders each epoch by the permutation of deriveSeed(seed, 0, epoch): two seeds give two orders', () => {
    const orderOf = (seed: number): number[] => {
      const rows = tf.tidy(() => {
        const b = createBatcher(indexSource, { batchSize: N, seed }).batchAt(0, 0);
        return b.x.slice([0, 0], [N, 1]).reshape([N]);
      });
      const out = Array.from(rows.dataSync());
      rows.dispose();
      return out;
    };

    const [a, b] = [orderOf(SEED), orderOf(SEED + 1)];

    expect(a).toEqual(Array.from(permutation(N, prng(deriveSeed(SEED, 0, 0)))));
    expect(b).toEqual(Array.from(permutation(N, prng(deriveSeed(SEED + 1, 0, 0)))));
    expect(a).not.toEqual(b);
  });
});
