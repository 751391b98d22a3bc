import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StrataDropout } from '../../../src/ops/kernel-names.js';
import { dropout } from '../../../src/ops/dropout.js';
import { compareWithCpu, floats, skipReason } from './reference.js';

const cases = fc.integer({ min: 1, max: 90000 }).chain((n) => fc.record({
  x: floats(n),
  rate: fc.double({ min: 0, max: 0.95, noNaN: true }),
  seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
}));

describe.skipIf(skipReason !== '')(`native ${StrataDropout}${skipReason}`, () => {
  it('property: draws exactly the mask of the JavaScript path (cpu) for the same seed, values and gradients', async () => {
    await fc.assert(fc.asyncProperty(cases, async ({ x, rate, seed }) => {
      const run = (): tf.Tensor[] => {
        const input = tf.tensor(x);
        return [dropout(input, rate, seed), tf.grad((v: tf.Tensor) => tf.sum(tf.mul(dropout(v, rate, seed), v)))(input)];
      };
      const { error, leaked } = await compareWithCpu(run);
      expect(error).toBe(0);
      expect(leaked).toBe(0);
    }), { numRuns: 25 });
  });

  it('adds one kernel forward and one backward to a gradient, and keeps nothing for the tape', async () => {
    await tf.setBackend('wasm');
    const x = tf.ones([48, 512]);
    const before = tf.memory().numTensors;
    const kernelsOf = async (f: (v: tf.Tensor) => tf.Tensor): Promise<string[]> =>
      (await tf.profile(() => tf.tidy(() => {
        tf.grad((v: tf.Tensor) => tf.sum(f(v)))(x);
      }))).kernels.map((k) => k.name);

    const plain = await kernelsOf((v) => v);
    const dropped = await kernelsOf((v) => dropout(v, 0.5, 3));

    expect(dropped.filter((n) => n !== StrataDropout)).toEqual(plain);
    expect(dropped.filter((n) => n === StrataDropout)).toHaveLength(2);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
