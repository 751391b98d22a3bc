import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareWithCpu, floats, skipReason } from './reference.js';

const slicing = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 })
  .chain((shape) => fc.record({
    shape: fc.constant(shape),
    x: floats(shape.reduce((a, b) => a * b, 1)),
    window: fc.tuple(...shape.map((d) => fc.integer({ min: 0, max: d - 1 })
      .chain((b) => fc.tuple(fc.constant(b), fc.oneof(fc.integer({ min: 0, max: d - b }),
        fc.constant(-1)))))),
  }));

describe.skipIf(skipReason !== '')(`native Slice${skipReason}`, () => {
  it('matches the cpu backend, whole and empty axes and size -1 included', async () => {
    await fc.assert(fc.asyncProperty(slicing, async ({ shape, x, window }) => {
      const { error, leaked } = await compareWithCpu(() => tf.slice(tf.tensor(x, shape),
        window.map(([b]) => b), window.map(([, s]) => s)));
      expect(error).toBeLessThan(1e-4);
      expect(leaked).toBe(0);
    }), { numRuns: 100 });
  });
});
