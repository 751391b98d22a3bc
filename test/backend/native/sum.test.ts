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
      fc.subarray([...shape.keys()], { minLength: 1 })),
    negative: fc.boolean(),
    keepDims: fc.boolean(),
  }));

describe.skipIf(skipReason !== '')(`native Sum${skipReason}`, () => {
  it('matches the cpu backend over leading axes (native) and any others (fallback)', async () => {
    await fc.assert(fc.asyncProperty(reduction, async ({ shape, x, axes, negative, keepDims }) => {
      const axis = negative ? axes.map((a) => a - shape.length) : axes;
      const { error, leaked } = await compareWithCpu(() =>
        tf.sum(tf.tensor(x, shape), axis, keepDims));
      expect(error).toBeLessThan(1e-4);
      expect(leaked).toBe(0);
    }), { numRuns: 60 });
  });
});
