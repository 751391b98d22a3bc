import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StrataLstm, StrataLstmGrad } from '../../../src/ops/kernel-names.js';
import { lstmSequence } from '../../../src/ops/lstm.js';
import { compareWithCpu, skipReason } from './reference.js';

/** hs and the gradients for xs and wh of a weighted sum of hs, from seeded data. */
const run = (steps: number, rows: number, units: number, seed: number) => (): tf.Tensor[] => {
  const xs = tf.randomNormal([steps, rows, 4 * units], 0, 1, 'float32', seed);
  const wh = tf.randomNormal([units, 4 * units], 0, 0.5, 'float32', seed + 1);
  const weights = tf.randomNormal([steps, rows, units], 0, 1, 'float32', seed + 2);
  const loss = (x: tf.Tensor, w: tf.Tensor): tf.Tensor => tf.sum(tf.mul(lstmSequence(x, w), weights));
  return [lstmSequence(xs, wh), ...tf.grads(loss)([xs, wh])];
};

describe.skipIf(skipReason !== '')(`native ${StrataLstm}${skipReason}`, () => {
  it('property: the whole-sequence kernel equals the per-step tfjs ops on cpu to 1e-4 (values, gradients of xs and wh), leaking nothing', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 10_000 }),
      async (steps, rows, units, seed) => {
        const { error, leaked } = await compareWithCpu(run(steps, rows, units, seed));
        expect(error).toBeLessThan(1e-4);
        expect(leaked).toBe(0);
      }), { numRuns: 25 });
  });

  it('runs a sequence in one kernel call forward and one backward, whatever its length', async () => {
    await tf.setBackend('wasm');
    const kernels = (await tf.profile(() => tf.tidy(() => {
      run(41, 4, 8, 3)();
    }))).kernels.map((k) => k.name);

    expect(kernels.filter((k) => k === StrataLstm)).toHaveLength(2);
    expect(kernels.filter((k) => k === StrataLstmGrad)).toHaveLength(1);
    expect(kernels.filter((k) => k === 'BatchMatMul' || k === 'Sigmoid')).toEqual([]);
  });
});
