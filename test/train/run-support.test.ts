import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { fit } from '../../src/train/fit.js';
import { disposeTrainState } from '../../src/train/state.js';
import { tinySpec } from './fixtures.js';

describe('a run checks its data against the model before training', () => {
  it('refuses 8-bit pixels for a Bernoulli node, naming the node, the data set and the value, and leaves no tensors', async () => {
    // Arrange
    const before = tf.memory().numTensors;
    // Act
    const result = await fit(tinySpec, { data: 'mnist-8bit', config: { steps: 1, batchSize: 4 } });
    // Assert
    expect(E.isLeft(result)).toBe(true);
    const message = E.isLeft(result) ? String(result.left) : '';
    expect(message).toMatch(/'x'|x:/);
    expect(message).toMatch(/mnist-8bit/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('accepts binary pixels for the same model', async () => {
    const result = await fit(tinySpec, { data: 'mnist-dyn', config: { steps: 1, batchSize: 4, logEvery: 1 } });

    expect(E.isRight(result)).toBe(true);
    if (E.isRight(result)) disposeTrainState(result.right.state);
  });
});
