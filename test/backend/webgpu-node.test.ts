/**
 * The webgpu backend in Node (webgpu-node.ts, Dawn) against cpu on whatever
 * adapter this machine has: a software one here (llvmpipe, SwiftShader),
 * which is for correctness only, so the runs are tiny (3 steps of the tiny
 * VAE, batch 8). Skipped, with the reason, when Dawn finds no adapter.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareNodeWebgpu } from '../../src/backend/webgpu-prepare.js';
import { releaseNodeWebgpu } from '../../src/backend/webgpu-node.js';
import { disposeRuns, fresh, run } from '../train/step-fixtures.js';

const prepared = await prepareNodeWebgpu();
const loaded = E.isRight(prepared) ? await import('@tensorflow/tfjs-backend-webgpu').then(() => true, () => false) : false;
const why = E.isLeft(prepared) ? prepared.left.why : loaded ? '' : '@tensorflow/tfjs-backend-webgpu did not load';
if (why !== '') console.warn(`webgpu-node tests skipped: ${why}`);

/** Losses and gradient norms of 3 steps of the tiny VAE on `backend`. */
const threeSteps = async (backend: string): Promise<{ loss: number[]; gradNorm: number[] }> => {
  expect(await tf.setBackend(backend)).toBe(true);
  const { stats } = await run(fresh({ steps: 3 }), 3);
  disposeRuns();
  return { loss: stats.map((s) => s.loss), gradNorm: stats.map((s) => s.gradNorm) };
};

afterAll(async () => {
  await tf.setBackend('cpu');
  await releaseNodeWebgpu();
});

describe.skipIf(why !== '')(`webgpu in Node (${E.isRight(prepared) ? prepared.right.note : why})`, () => {
  it('reads with await data() (dataSync needs OffscreenCanvas in Node) and sums 9 tensors right through addMany', async () => {
    expect(await tf.setBackend('webgpu')).toBe(true);
    const { addMany } = await import('../../src/backend/webgpu-limits.js');
    const ts = Array.from({ length: 9 }, (_, i) => tf.fill([4], i + 1));
    const sum = addMany(ts);
    expect(Array.from(await sum.data())).toEqual([45, 45, 45, 45]);
    tf.dispose([...ts, sum]);
  });

  it('runs maskedAffine (the text decoder\'s PAD-skipping output layer) without a synchronous read, with cpu\'s values and gradients', async () => {
    // Arrange
    const { maskedAffine } = await import('../../src/ops/masked-affine.js');
    const on = async (backend: string): Promise<number[][]> => {
      expect(await tf.setBackend(backend)).toBe(true);
      const rows = 1200;
      const x = tf.randomNormal([rows, 3], 0, 1, 'float32', 5);
      const w = tf.randomNormal([3, 4], 0, 1, 'float32', 6);
      const b = tf.randomNormal([4], 0, 1, 'float32', 7);
      // Computed on the device (as the decoder's mask is; above tfjs's 1,000-element CPU hand-off), so no CPU copy of its values exists to read synchronously.
      const mask = tf.tidy(() => tf.cast(tf.notEqual(tf.tensor1d(Array.from({ length: rows }, (_, i) => i % 3), 'int32'), 0), 'float32'));
      // Act
      const { value, grads } = tf.valueAndGrads((xs: tf.Tensor, ws: tf.Tensor, bs: tf.Tensor) => tf.sum(tf.square(maskedAffine(xs, ws, bs, mask))))([x, w, b]);
      const y = maskedAffine(x, w, b, mask);
      const out = await Promise.all([y, value, ...grads].map(async (t) => Array.from(await t.data())));
      tf.dispose([x, w, b, mask, y, value, ...grads]);
      return out;
    };
    const cpu = await on('cpu');
    const gpu = await on('webgpu');
    // Assert
    expect(gpu[0].slice(0, 4).every((v) => v === 0)).toBe(true);
    gpu.forEach((values, i) => values.forEach((v, j) => expect(Math.abs(v - cpu[i][j]), `output ${i} element ${j}`).toBeLessThan(1e-4 * Math.max(1, Math.abs(cpu[i][j])))));
  });

  it('trains the tiny VAE 3 steps with the losses and gradient norms of cpu (relative 1e-4)', async () => {
    const cpu = await threeSteps('cpu');
    const gpu = await threeSteps('webgpu');
    gpu.loss.forEach((v, i) => expect(Math.abs(v - cpu.loss[i]) / Math.abs(cpu.loss[i]), `loss ${i}`).toBeLessThan(1e-4));
    gpu.gradNorm.forEach((v, i) => expect(Math.abs(v - cpu.gradNorm[i]) / cpu.gradNorm[i], `grad norm ${i}`).toBeLessThan(1e-3));
  });
});
