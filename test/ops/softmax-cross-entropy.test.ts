import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { logSoftmaxAt } from '../../src/ops/softmax-cross-entropy.js';
import { f32, maxDiff } from '../support/tensors.js';

/** The unfused ops: logSoftmax, a one-hot row and their product summed. */
const unfused = (logits: tf.Tensor, targets: tf.Tensor): tf.Tensor =>
  tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(tf.cast(targets, 'int32'), logits.shape[1] ?? 0)), 1);

/** Largest |a - b| / max(1, |b|) over all entries. */
const relative = (a: tf.Tensor, b: tf.Tensor): number =>
  tf.tidy(() => tf.max(tf.div(tf.abs(tf.sub(a, b)), tf.maximum(1, tf.abs(b)))).dataSync()[0]);

const cases = fc.record({
  rows: fc.integer({ min: 1, max: 9 }),
  classes: fc.integer({ min: 2, max: 40 }),
  chunk: fc.integer({ min: 1, max: 200 }),
  seed: fc.nat(10_000),
  scale: fc.float(f32(0.1, 50)),
});

describe('logSoftmaxAt (portable fallback, cpu)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('property: equals the unfused logSoftmax-oneHot-sum to 1e-4 relative, values and gradients, in chunks of any size, leaking nothing', () => {
    fc.assert(fc.property(cases, ({ rows, classes, chunk, seed, scale }) => {
      const before = tf.memory().numTensors;
      const [value, gradient] = tf.tidy(() => {
        const logits = tf.mul(tf.randomNormal([rows, classes], 0, 1, 'float32', seed), scale);
        const targets = tf.floor(tf.randomUniform([rows], 0, classes, 'float32', seed + 1));
        const weights = tf.randomNormal([rows], 0, 1, 'float32', seed + 2);
        const loss = (f: (l: tf.Tensor) => tf.Tensor) => (l: tf.Tensor) => tf.sum(tf.mul(f(l), weights));
        const ours = (l: tf.Tensor): tf.Tensor => logSoftmaxAt(l, targets, { chunkFloats: chunk });
        const theirs = (l: tf.Tensor): tf.Tensor => unfused(l, targets);
        return [relative(ours(logits), theirs(logits)), relative(tf.grad(loss(ours))(logits), tf.grad(loss(theirs))(logits))];
      });
      expect(tf.memory().numTensors).toBe(before);
      return value < 1e-4 && gradient < 1e-4;
    }), { numRuns: 40 });
  });

  it('property (normalization): log sum over every target of exp(logSoftmaxAt) is 0, -inf logits included', () => {
    // |logits| <= 100: float32's spacing there (7.6e-6) keeps the law within 1e-4; at 1e8 a gap of 8
    // is already below the spacing of the log-sum-exp, as in any float32 logSoftmax.
    const entry = fc.oneof(fc.float(f32(-100, 100)), fc.constant(-Infinity));
    fc.assert(fc.property(fc.float(f32(-100, 100)), fc.array(entry, { minLength: 1, maxLength: 30 }), (first, rest) => {
      const row = [first, ...rest];
      const total = tf.tidy(() => {
        const logits = tf.tile(tf.tensor2d([row]), [row.length, 1]);
        const logp = logSoftmaxAt(logits, tf.range(0, row.length, 1, 'float32'));
        return tf.logSumExp(tf.where(tf.isFinite(logp), logp, tf.fill(logp.shape, -1e30))).dataSync()[0];
      });
      return Math.abs(total) < 1e-4;
    }), { numRuns: 200 });
  });

  it('gives -inf with gradient 0 for targets outside the classes, fractional targets and -inf rows; no NaN anywhere', () => {
    const [value, gradient] = tf.tidy(() => {
      const logits = tf.tensor2d([[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [-Infinity, -Infinity, -Infinity], [0, -Infinity, 5]]);
      const targets = tf.tensor1d([3, -1, 1.5, 2, 0, 1]);
      const f = (l: tf.Tensor): tf.Tensor => logSoftmaxAt(l, targets);
      return [Array.from(f(logits).dataSync()), Array.from(tf.grad((l: tf.Tensor) => tf.sum(tf.where(tf.isFinite(f(l)), f(l), tf.zerosLike(f(l)))))(logits).dataSync())];
    });
    const lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    expect(value.slice(0, 3)).toEqual([-Infinity, -Infinity, -Infinity]);
    expect(value[3]).toBeCloseTo(3 - lse, 5);
    expect(value.slice(4)).toEqual([-Infinity, -Infinity]);
    expect(gradient.some(Number.isNaN)).toBe(false);
    expect(gradient.slice(0, 9)).toEqual(Array(9).fill(0));
    expect(gradient.slice(12)).toEqual(Array(6).fill(0));
  });

  it('is finite for a row with a logit of 1e30 beside small ones (the maximum is subtracted first)', () => {
    const value = tf.tidy(() => logSoftmaxAt(tf.tensor2d([[1e30, 0, -1e30]]), tf.tensor1d([1])).dataSync()[0]);

    expect(value).toBe(Math.fround(-1e30));
  });

  it('gives the same values and gradients on wasm as on cpu (to 1e-5), -inf included', async () => {
    const run = (): Float32Array[] => tf.tidy(() => {
      const logits = tf.tensor2d(Array.from({ length: 6 * 50 }, (_, i) => 10 * Math.sin(i)), [6, 50]);
      const targets = tf.tensor1d([0, 49, 7, 50, -2, 3]);
      const finite = (t: tf.Tensor): tf.Tensor => tf.where(tf.isFinite(t), t, tf.zerosLike(t));
      const gradient = tf.grad((l: tf.Tensor) => tf.sum(finite(logSoftmaxAt(l, targets, { chunkFloats: 120 }))))(logits);
      return [logSoftmaxAt(logits, targets, { chunkFloats: 120 }), gradient].map((t) => t.dataSync() as Float32Array);
    });
    const onCpu = run();
    await tf.setBackend('wasm');
    const onWasm = run();
    await tf.setBackend('cpu');

    onCpu.forEach((values, i) => values.forEach((v, j) => expect(Object.is(onWasm[i][j], v) || Math.abs(onWasm[i][j] - v) < 1e-5).toBe(true)));
  });

  it('property (padId): values and gradients equal the op without padId with the PAD rows set to 0, for any chunk, leaking nothing', () => {
    fc.assert(fc.property(cases, fc.integer({ min: 0, max: 3 }), ({ rows, classes, chunk, seed, scale }, padId) => {
      const before = tf.memory().numTensors;
      // Arrange
      const [value, gradient, padded] = tf.tidy(() => {
        const logits = tf.mul(tf.randomNormal([rows, classes], 0, 1, 'float32', seed), scale);
        const targets = tf.floor(tf.randomUniform([rows], 0, Math.min(classes, 5), 'float32', seed + 1));
        const weights = tf.randomNormal([rows], 0, 1, 'float32', seed + 2);
        const isPad = tf.equal(targets, padId);
        const loss = (f: (l: tf.Tensor) => tf.Tensor) => (l: tf.Tensor) => tf.sum(tf.mul(f(l), weights));
        // Act
        const ours = (l: tf.Tensor): tf.Tensor => logSoftmaxAt(l, targets, { chunkFloats: chunk, padId });
        const theirs = (l: tf.Tensor): tf.Tensor => tf.where(isPad, tf.zerosLike(targets), logSoftmaxAt(l, targets, { chunkFloats: chunk }));
        const padValues = tf.where(isPad, ours(logits), tf.fill([rows], Number.NaN));
        return [relative(ours(logits), theirs(logits)), relative(tf.grad(loss(ours))(logits), tf.grad(loss(theirs))(logits)),
          Array.from(padValues.dataSync()).filter((v) => !Number.isNaN(v))];
      });
      // Assert
      expect(tf.memory().numTensors).toBe(before);
      return value < 1e-6 && gradient < 1e-6 && (padded as number[]).every((v) => Object.is(v, 0));
    }), { numRuns: 40 });
  });

  it('rejects logits that are not [R, V] or targets of another length, naming both shapes', () => {
    expect(() => logSoftmaxAt(tf.zeros([2, 3, 4]), tf.zeros([2]))).toThrow('logits [2,3,4] and targets [2]');
    expect(() => logSoftmaxAt(tf.zeros([2, 3]), tf.zeros([3]))).toThrow('logits [2,3] and targets [3]');
  });
});
