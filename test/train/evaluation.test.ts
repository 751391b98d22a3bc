import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { disposeParams, initParams } from '../../src/dsl/params.js';
import { modelBatch } from '../../src/train/batch.js';
import { evaluateBounds } from '../../src/train/evaluation.js';
import { mnistBatcher, tinyModel } from './fixtures.js';

/** When set, every readKept disposes its tensor and rejects with this error (a backend whose reads fail, e.g. a lost WebGPU device). */
const failing = vi.hoisted(() => ({ error: undefined as Error | undefined }));

vi.mock('../../src/inference/read.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/inference/read.js')>();
  return {
    ...real,
    readKept: async (t: tf.Tensor): Promise<Float32Array> => {
      if (failing.error === undefined) return real.readKept(t);
      tf.keep(t);
      await Promise.resolve();
      t.dispose();
      throw failing.error;
    },
  };
});

afterEach(() => {
  failing.error = undefined;
});

describe('evaluateBounds', () => {
  it('rejects once with the error of a failed read, leaving no read unawaited (no unhandled rejection) and no tensor', async () => {
    // Arrange
    const model = tinyModel();
    const params = initParams(model, 3);
    const data = mnistBatcher(8).batchAt(0, 0);
    const batch = tf.tidy(() => modelBatch(model, data));
    const before = tf.memory().numTensors;
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    failing.error = new Error('device lost');
    // Act
    const result = evaluateBounds(model, params, [batch], { k: 2, seed: 1, unitSamples: 2 });
    // Assert
    await expect(result).rejects.toThrow('device lost');
    await new Promise((resolve) => setTimeout(resolve, 20));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([...Object.values(batch), data.x, ...(data.y === undefined ? [] : [data.y])]);
    disposeParams(params);
  });
});
