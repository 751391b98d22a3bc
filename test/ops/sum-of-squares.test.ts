import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StrataSumOfSquares } from '../../src/ops/kernel-names.js';
import { sumOfSquares } from '../../src/ops/sum-of-squares.js';
import { compareWithCpu, floats, skipReason } from '../backend/native/reference.js';

const lists = fc.array(fc.integer({ min: 1, max: 40000 }), { minLength: 1, maxLength: 6 })
  .chain((sizes) => fc.tuple(...sizes.map(floats)));

describe.skipIf(skipReason !== '')(`native ${StrataSumOfSquares}${skipReason}`, () => {
  it('property: equals the sum over tensors of sum(square(x)) computed by tf ops on cpu', async () => {
    await fc.assert(fc.asyncProperty(lists, async (xs) => {
      const { error, leaked } = await compareWithCpu(() => sumOfSquares(xs.map((x) => tf.tensor(x))));
      expect(error).toBeLessThan(1e-4);
      expect(leaked).toBe(0);
    }), { numRuns: 30 });
  });

  it('runs as one kernel for the whole list', async () => {
    await tf.setBackend('wasm');
    const xs = [tf.fill([100000], 2), tf.fill([3], -3)];

    const profile = await tf.profile(() => sumOfSquares(xs).dispose());
    const total = sumOfSquares(xs);

    expect(profile.kernels.map((k) => k.name)).toEqual([StrataSumOfSquares]);
    expect(total.dataSync()[0]).toBe(400027);
    tf.dispose([total, ...xs]);
  });
});
