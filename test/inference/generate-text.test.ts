import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { truncateAtEos } from '../../src/inference/generate-text.js';

describe('truncateAtEos', () => {
  it('pads every position after the first EOS of a row and keeps the EOS', async () => {
    // Arrange
    const tokens = tf.tensor2d([[3, 2, 4, 2], [2, 5, 5, 5], [3, 4, 5, 6]], [3, 4], 'float32');
    // Act
    const cut = truncateAtEos(tokens, 2, 0);
    // Assert
    expect(await cut.array()).toEqual([[3, 2, 0, 0], [2, 0, 0, 0], [3, 4, 5, 6]]);
    expect(cut.dtype).toBe('float32');
    tf.dispose([tokens, cut]);
  });

  it('leaves no tensor behind but its result, and refuses a shape that is not token rows', () => {
    // Arrange
    const tokens = tf.tensor2d([[1, 2, 3]], [1, 3], 'int32');
    const before = tf.memory().numTensors;
    // Act
    const cut = truncateAtEos(tokens, 2);
    // Assert
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(() => truncateAtEos(tf.tensor1d([1, 2]), 2)).toThrow(/token rows \[N, T\], got shape \[2\]/);
    tf.dispose([tokens, cut]);
  });
});
