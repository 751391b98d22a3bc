import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareWithCpu, floats, skipReason } from './reference.js';

const reduction = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 })
  .chain((shape) => fc.record({
    shape: fc.constant(shape),
    x: floats(shape.reduce((a, b) => a * b)),
    axes: fc.oneof(
      fc.integer({ min: 1, max: shape.length }).map((n) => [...Array(n).keys()]),
      fc.integer({ min: 1, max: shape.length }).map((n) => [...Array(n).keys()].map((a) => shape.length - 1 - a)),
      fc.subarray([...shape.keys()], { minLength: 1 })),
    negative: fc.boolean(),
    keepDims: fc.boolean(),
  }));

describe.skipIf(skipReason !== '')(`native Sum${skipReason}`, () => {
  it('matches the cpu backend over leading and trailing axes (native) and any others (fallback)', async () => {
    await fc.assert(fc.asyncProperty(reduction, async ({ shape, x, axes, negative, keepDims }) => {
      const axis = negative ? axes.map((a) => a - shape.length) : axes;
      const { error, leaked } = await compareWithCpu(() =>
        tf.sum(tf.tensor(x, shape), axis, keepDims));
      expect(error).toBeLessThan(1e-4);
      expect(leaked).toBe(0);
    }), { numRuns: 80 });
  });

  it('sums rows of a million floats split over threads like cpu, and keeps -inf, inf and NaN', async () => {
    const { error, leaked } = await compareWithCpu(() => {
      const x = tf.randomNormal([1600, 784], 0, 1, 'float32', 3);
      const marks = tf.tensor2d([[-Infinity, 0], [Infinity, 0], [NaN, 0], [Infinity, -Infinity]]);
      return [tf.sum(x, 1), tf.sum(marks, -1, true)];
    });

    expect(error).toBeLessThan(1e-5);
    expect(leaked).toBe(0);
  });
});
