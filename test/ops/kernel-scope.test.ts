/**
 * src/ops/kernel-scope.ts: intermediates are disposed, the result survives, and an
 * unknown kernel is a clear error that also disposes what was made.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { withKernelScope, type DisposingBackend } from '../../src/ops/kernel-scope.js';
import { liveCounts, setUpWasmAndCpu } from '../backend/kernels/wasm-vs-cpu.js';

describe('withKernelScope', () => {
  beforeAll(setUpWasmAndCpu);

  it('keeps only the result of a chain of kernels', async () => {
    // Arrange
    await tf.setBackend('wasm');
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const backend = tf.backend() as unknown as DisposingBackend;
    const before = liveCounts();
    // Act
    const out = withKernelScope('wasm', backend, (scope) => {
      const t = scope.run('Transpose', { x }, { perm: [1, 0] });
      const n = scope.run('Neg', { x: t });
      return scope.run('Reshape', { x: n }, { shape: [6] });
    });
    const result = tf.engine().makeTensorFromTensorInfo(out);
    // Assert
    expect(Array.from(result.dataSync())).toEqual([-1, -4, -2, -5, -3, -6]);
    result.dispose();
    expect(liveCounts()).toEqual(before);
    x.dispose();
  });

  it('names the missing kernel and leaks nothing when the body throws', async () => {
    // Arrange
    await tf.setBackend('wasm');
    const x = tf.tensor1d([1, 2]);
    const backend = tf.backend() as unknown as DisposingBackend;
    const before = liveCounts();
    // Act
    const act = (): TensorInfo =>
      withKernelScope('wasm', backend, (scope) => {
        scope.run('Neg', { x });
        return scope.run('NoSuchKernel', { x });
      });
    // Assert
    expect(act).toThrow("backend 'wasm' has no kernel 'NoSuchKernel'");
    expect(liveCounts()).toEqual(before);
    x.dispose();
  });
});
