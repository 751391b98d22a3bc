import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StrataMaskedAffine, StrataMaskedAffineGrad } from '../../../src/ops/kernel-names.js';
import { maskedAffine } from '../../../src/ops/masked-affine.js';
import { compareWithCpu, skipReason } from './reference.js';

/** A mask [rows] of 0 / 1: random (seeded; runs of every length), none kept or all kept. */
const maskOf = (kind: 'random' | 'none' | 'all', rows: number, seed: number): tf.Tensor =>
  kind === 'none' ? tf.zeros([rows]) : kind === 'all' ? tf.ones([rows])
    : tf.cast(tf.greater(tf.randomUniform([rows], 0, 1, 'float32', seed), 0.45), 'float32');

/** maskedAffine and its gradients for x, w and b of a weighted sum, from seeded data. */
const run = (rows: number, inputs: number, outputs: number, kind: 'random' | 'none' | 'all', seed: number) => (): tf.Tensor[] => {
  const x = tf.randomNormal([rows, inputs], 0, 1, 'float32', seed);
  const w = tf.randomNormal([inputs, outputs], 0, 1, 'float32', seed + 1);
  const b = tf.randomNormal([outputs], 0, 1, 'float32', seed + 2);
  const mask = maskOf(kind, rows, seed + 3);
  const weights = tf.randomNormal([rows, outputs], 0, 1, 'float32', seed + 4);
  const loss = (p: tf.Tensor, q: tf.Tensor, r: tf.Tensor): tf.Tensor => tf.sum(tf.mul(maskedAffine(p, q, r, mask), weights));
  return [maskedAffine(x, w, b, mask), ...tf.grads(loss)([x, w, b])];
};

describe.skipIf(skipReason !== '')(`native ${StrataMaskedAffine}${skipReason}`, () => {
  it('property: equals the fallback on cpu to 1e-4 (values, gradients of x, w and b), random, none-kept and all-kept masks, leaking nothing', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 300 }),
      fc.constantFrom<'random' | 'none' | 'all'>('random', 'random', 'none', 'all'), fc.integer({ min: 1, max: 10_000 }),
      async (rows, inputs, outputs, kind, seed) => {
        const { error, leaked } = await compareWithCpu(run(rows, inputs, outputs, kind, seed));
        expect(error).toBeLessThan(1e-4);
        expect(leaked).toBe(0);
      }), { numRuns: 30 });
  });

  it('never reads a masked-out row: NaN there leaves the output exactly 0 and every gradient finite', async () => {
    // Arrange
    await tf.setBackend('wasm');
    const x = tf.tensor2d([[1, 2], [NaN, NaN], [-3, 4], [NaN, 1]]);
    const w = tf.tensor2d([[1, -1, 2], [0.5, 1, -1]]);
    const b = tf.tensor1d([-10, 0, 1]);
    const mask = tf.tensor1d([1, 0, 1, 0]);
    const dy = tf.tensor2d([[1, 1, 1], [NaN, NaN, NaN], [1, 2, 3], [NaN, 0, 0]]);
    // Act
    const [y, dx, dw, db] = tf.tidy(() => [maskedAffine(x, w, b, mask),
      ...tf.grads((p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) => tf.sum(tf.mul(maskedAffine(p, q, r, mask), dy)))([x, w, b])]
      .map((t) => Array.from(t.dataSync())));
    // Assert
    expect(y).toEqual([-8, 1, 1, 0, 0, 0, -11, 7, -9, 0, 0, 0]);
    expect(dx).toEqual([2, 0.5, 0, 0, 5, -0.5, 0, 0]);
    expect(dw).toEqual([-2, -5, -8, 6, 10, 14]);
    expect(db).toEqual([2, 3, 4]);
    tf.dispose([x, w, b, mask, dy]);
  });

  it('is one kernel forward and one backward, with no full product', async () => {
    await tf.setBackend('wasm');
    const kernels = (await tf.profile(() => tf.tidy(() => {
      run(41, 8, 50, 'random', 3)();
    }))).kernels.map((k) => k.name);

    expect(kernels.filter((k) => k === StrataMaskedAffine)).toHaveLength(2);
    expect(kernels.filter((k) => k === StrataMaskedAffineGrad)).toHaveLength(1);
    expect(kernels.filter((k) => k === 'BatchMatMul' || k === '_FusedMatMul')).toEqual([]);
  });
});
