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

  it('trains the tiny VAE 3 steps with the losses and gradient norms of cpu (relative 1e-4)', async () => {
    const cpu = await threeSteps('cpu');
    const gpu = await threeSteps('webgpu');
    gpu.loss.forEach((v, i) => expect(Math.abs(v - cpu.loss[i]) / Math.abs(cpu.loss[i]), `loss ${i}`).toBeLessThan(1e-4));
    gpu.gradNorm.forEach((v, i) => expect(Math.abs(v - cpu.gradNorm[i]) / cpu.gradNorm[i], `grad norm ${i}`).toBeLessThan(1e-3));
  });
});
