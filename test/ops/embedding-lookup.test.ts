import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { embeddingLookup } from '../../src/ops/embedding-lookup.js';
import { maxDiff } from '../support/tensors.js';

describe('embeddingLookup', () => {
  it.each(['cpu', 'wasm'])('on %s: equals the one-hot product, values and table gradient, repeated ids summed, leaking nothing', async (backend) => {
    await tf.setBackend(backend);
    try {
      const table = tf.randomNormal([7, 3], 0, 1, 'float32', 5);
      const ids = tf.tensor1d([4, 0, 4, 6, 4, 2], 'float32');
      const weights = tf.randomNormal([6, 3], 0, 1, 'float32', 6);
      const before = tf.memory().numTensors;
      const diff = tf.tidy(() => {
        const ours = (t: tf.Tensor): tf.Tensor => embeddingLookup(t, ids);
        const theirs = (t: tf.Tensor): tf.Tensor => tf.matMul(tf.oneHot(tf.cast(ids, 'int32'), 7), t as tf.Tensor2D);
        const grad = (f: (t: tf.Tensor) => tf.Tensor): tf.Tensor => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t), weights)))(table);
        return maxDiff([[ours(table), theirs(table)], [grad(ours), grad(theirs)]]);
      });

      expect(diff).toBeLessThan(1e-6);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([table, ids, weights]);
    } finally {
      await tf.setBackend('cpu');
    }
  });

  it('rejects a table that is not [V, D] or ids that are not [M], naming both shapes', () => {
    expect(() => embeddingLookup(tf.zeros([7]), tf.zeros([2]))).toThrow('table [7] and ids [2]');
  });
});
