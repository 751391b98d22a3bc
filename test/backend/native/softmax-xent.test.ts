import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StrataSoftmaxXent, StrataSoftmaxXentGrad } from '../../../src/ops/kernel-names.js';
import { logSoftmaxAt } from '../../../src/ops/softmax-cross-entropy.js';
import { compareWithCpu, skipReason } from './reference.js';

/** logSoftmaxAt and its gradient for logits of `scale`, some targets out of range, one -inf column (seed >= 1: tfjs draws unseeded for 0). */
const run = (rows: number, classes: number, scale: number, seed: number) => (): tf.Tensor[] => {
  const logits = tf.mul(tf.randomNormal([rows, classes], 0, 1, 'float32', seed), scale);
  const masked = tf.concat([tf.fill([rows, 1], -Infinity), logits], 1);
  const targets = tf.floor(tf.randomUniform([rows], -1, classes + 2, 'float32', seed + 1));
  const weights = tf.randomNormal([rows], 0, 1, 'float32', seed + 2);
  const finite = (t: tf.Tensor): tf.Tensor => tf.where(tf.isFinite(t), t, tf.zerosLike(t));
  const loss = (l: tf.Tensor): tf.Tensor => tf.sum(tf.mul(finite(logSoftmaxAt(l, targets)), weights));
  return [logSoftmaxAt(masked, targets), tf.grad(loss)(masked)];
};

describe.skipIf(skipReason !== '')(`native ${StrataSoftmaxXent}${skipReason}`, () => {
  it('property: equals the chunked fallback on cpu to 1e-4 (values with their -inf, gradients), leaking nothing', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 3000 }), fc.constantFrom(0.1, 1, 30, 1e20), fc.integer({ min: 1, max: 10_000 }),
      async (rows, classes, scale, seed) => {
        const { error, leaked } = await compareWithCpu(run(rows, classes, scale, seed));
        expect(error).toBeLessThan(1e-4);
        expect(leaked).toBe(0);
      }), { numRuns: 25 });
  });

  it('property (padId): equals the fallback on cpu to 1e-4 with PAD rows skipped (value 0, gradient 0), leaking nothing', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 2, max: 3000 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 10_000 }),
      async (rows, classes, padId, seed) => {
        const compute = (): tf.Tensor[] => {
          const logits = tf.randomNormal([rows, classes], 0, 3, 'float32', seed);
          const targets = tf.floor(tf.randomUniform([rows], 0, 4, 'float32', seed + 1));
          const weights = tf.randomNormal([rows], 0, 1, 'float32', seed + 2);
          const loss = (l: tf.Tensor): tf.Tensor => tf.sum(tf.mul(logSoftmaxAt(l, targets, { padId }), weights));
          return [logSoftmaxAt(logits, targets, { padId }), tf.grad(loss)(logits)];
        };
        const { error, leaked } = await compareWithCpu(compute);
        expect(error).toBeLessThan(1e-4);
        expect(leaked).toBe(0);
      }), { numRuns: 25 });
  });

  it('never reads a PAD row: NaN logits there give the value 0 and a gradient of exactly 0', async () => {
    // Arrange
    await tf.setBackend('wasm');
    const logits = tf.tensor2d([[1, 2, 3], [NaN, NaN, NaN], [0, 0, Infinity], [3, 2, 1]]);
    const targets = tf.tensor1d([2, 0, 0, 0]);
    // Act
    const [value, gradient] = tf.tidy(() => [logSoftmaxAt(logits, targets, { padId: 0 }),
      tf.grad((l: tf.Tensor) => tf.sum(logSoftmaxAt(l, targets, { padId: 0 })))(logits)].map((t) => Array.from(t.dataSync())));
    // Assert
    const lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    expect(value[0]).toBeCloseTo(3 - lse, 5);
    expect(value.slice(1, 3)).toEqual([0, 0]);
    expect(gradient.slice(3, 9)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(gradient.every(Number.isFinite)).toBe(true);
    tf.dispose([logits, targets]);
  });

  it('is one kernel each way, and makes no [rows x classes] array but the gradient', async () => {
    await tf.setBackend('wasm');
    const logits = tf.randomNormal([64, 5000]);
    const targets = tf.fill([64], 7);
    const profile = await tf.profile(() => tf.tidy(() => {
      tf.grad((l: tf.Tensor) => tf.sum(logSoftmaxAt(l, targets)))(logits);
    }));
    const kernels = profile.kernels.map((k) => k.name);

    expect(kernels.filter((k) => k === StrataSoftmaxXent || k === StrataSoftmaxXentGrad)).toEqual([StrataSoftmaxXent, StrataSoftmaxXentGrad]);
    expect(kernels.filter((k) => k === 'OneHot' || k === 'Exp' || k === 'LogSoftmax')).toEqual([]);
    // [64 x 5000] arrays: the tape's clone of the logits (counted in the forward kernel; native's Identity
    // shares the data) and the gradient; the rest is rows ([64] vectors).
    const added = profile.kernels.filter((k) => k.name !== 'Identity').reduce((sum, k) => sum + k.bytesAdded, 0);
    expect(added).toBeLessThan(2 * 4 * 64 * 5000 + 4 * 64 * 16);
    tf.dispose([logits, targets]);
  });
});
