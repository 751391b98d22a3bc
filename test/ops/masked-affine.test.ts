import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskedAffine } from '../../src/ops/masked-affine.js';
import { maxDiff } from '../support/tensors.js';

/** A mask [rows] of 0 / 1: random (seeded), none kept or all kept. */
const maskOf = (kind: 'random' | 'none' | 'all', rows: number, seed: number): tf.Tensor =>
  kind === 'none' ? tf.zeros([rows]) : kind === 'all' ? tf.ones([rows])
    : tf.cast(tf.greater(tf.randomUniform([rows], 0, 1, 'float32', seed), 0.45), 'float32');

/** The unfused ops: (x w + b) times the mask as a column. */
const unfused = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, mask: tf.Tensor): tf.Tensor =>
  tf.mul(tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b), mask.reshape([-1, 1]));

const cases = fc.record({
  rows: fc.integer({ min: 1, max: 12 }),
  inputs: fc.integer({ min: 1, max: 7 }),
  outputs: fc.integer({ min: 1, max: 9 }),
  kind: fc.constantFrom<'random' | 'none' | 'all'>('random', 'random', 'none', 'all'),
  seed: fc.integer({ min: 1, max: 10_000 }),
});

describe('maskedAffine (portable fallback)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(['cpu', 'wasm'])('property on %s: equals (x w + b) times the mask from tfjs ops to 1e-5, with the same gradients for x, w and b, leaking nothing', async (backend) => {
    // Arrange
    await tf.setBackend(backend);
    fc.assert(fc.property(cases, ({ rows, inputs, outputs, kind, seed }) => {
      const before = tf.memory().numTensors;
      // Act
      const error = tf.tidy(() => {
        const x = tf.randomNormal([rows, inputs], 0, 1, 'float32', seed);
        const w = tf.randomNormal([inputs, outputs], 0, 1, 'float32', seed + 1);
        const b = tf.randomNormal([outputs], 0, 1, 'float32', seed + 2);
        const mask = maskOf(kind, rows, seed + 3);
        const projection = tf.randomNormal([rows, outputs], 0, 1, 'float32', seed + 4);
        const gradients = (f: typeof unfused): tf.Tensor[] =>
          tf.grads((p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) => tf.sum(tf.mul(f(p, q, r, mask), projection)))([x, w, b]);
        const [gx, gw, gb] = gradients(maskedAffine);
        const [hx, hw, hb] = gradients(unfused);
        return maxDiff([[maskedAffine(x, w, b, mask), unfused(x, w, b, mask)], [gx, hx], [gw, hw], [gb, hb]]);
      });
      // Assert
      expect(tf.memory().numTensors).toBe(before);
      return error < 1e-5;
    }), { numRuns: 50 });
  });

  it('never reads a masked-out row of x: exactly +0 there, even where x is not finite, no gradient through it, finite gradients for w and b', () => {
    // Arrange
    const x = tf.tensor2d([[1, 2], [Infinity, 1], [-3, 4]]);
    const w = tf.tensor2d([[1, -1, 2], [0.5, 1, -1]]);
    const b = tf.tensor1d([-10, 0, 1]);
    const mask = tf.tensor1d([1, 0, 0], 'int32');
    // Act
    const [y, dx, dw, db] = tf.tidy(() => [maskedAffine(x, w, b, mask),
      ...tf.grads((p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) => tf.sum(maskedAffine(p, q, r, mask)))([x, w, b])]
      .map((t) => Array.from(t.dataSync())));
    // Assert
    expect(y.slice(0, 3)).toEqual([-8, 1, 1]);
    expect(y.slice(3).every((v) => Object.is(v, 0))).toBe(true);
    expect(dx).toEqual([2, 0.5, 0, 0, 0, 0]);
    expect(dw).toEqual([1, 1, 1, 2, 2, 2]);
    expect(db).toEqual([1, 1, 1]);
    tf.dispose([x, w, b, mask]);
  });

  it('names the shapes when x, w, b and the mask do not fit', () => {
    const [x, w, b, mask] = [tf.ones([2, 3]), tf.ones([3, 5]), tf.ones([5]), tf.ones([3])];

    expect(() => maskedAffine(x, w, b, mask)).toThrow('maskedAffine: expected x [R, in], w [in, out], b [out] and mask [R], got x [2,3], w [3,5], b [5] and mask [3]');
    tf.dispose([x, w, b, mask]);
  });
});
