import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StrataMovingAverage } from '../../src/ops/kernel-names.js';
import { movingAverages } from '../../src/ops/moving-average.js';
import { compareWithCpu, floats, skipReason } from '../backend/native/reference.js';

/** A list of tensor sizes with the data of an average and a weight for each, and a decay. */
const lists = fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 6 })
  .chain((sizes) => fc.record({
    emas: fc.tuple(...sizes.map(floats)),
    weights: fc.tuple(...sizes.map(floats)),
    decay: fc.float({ min: 0, max: Math.fround(0.9999), noNaN: true }),
  }));

describe.skipIf(skipReason !== '')(`native ${StrataMovingAverage}${skipReason}`, () => {
  it('property: equals decay ema + (1 - decay) w computed by tf ops on cpu, for every tensor of the list', async () => {
    await fc.assert(fc.asyncProperty(lists, async ({ emas, weights, decay }) => {
      const { error, leaked } = await compareWithCpu(() =>
        movingAverages(emas.map((e) => tf.tensor(e)), weights.map((w) => tf.tensor(w)), decay));
      expect(error).toBeLessThan(1e-6);
      expect(leaked).toBe(0);
    }), { numRuns: 40 });
  });

  it('runs as one kernel for the whole list', async () => {
    await tf.setBackend('wasm');
    const emas = [tf.ones([3, 4]), tf.zeros([70000])];
    const weights = [tf.zeros([3, 4]), tf.ones([70000])];

    const profile = await tf.profile(() => tf.dispose(movingAverages(emas, weights, 0.75)));
    const [a, b] = movingAverages(emas, weights, 0.75);

    expect(profile.kernels.map((k) => k.name)).toEqual([StrataMovingAverage]);
    expect(Array.from(a.dataSync()).every((v) => v === 0.75)).toBe(true);
    expect(Array.from(b.dataSync()).every((v) => Math.abs(v - 0.25) < 1e-7)).toBe(true);
    tf.dispose([a, b, ...emas, ...weights]);
  });

  it('names the pair whose sizes differ', async () => {
    await tf.setBackend('wasm');
    const [e, w] = [tf.ones([3]), tf.ones([4])];

    expect(() => movingAverages([e], [w], 0.5)).toThrow(/ema0 .*and w0/);
    tf.dispose([e, w]);
  });
});
