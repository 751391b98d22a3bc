import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareWithCpu, floats, skipReason } from './reference.js';

const tiling = fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 })),
  { minLength: 1, maxLength: 4 }).chain((axes) => fc.record({
  shape: fc.constant(axes.map(([d]) => d)),
  reps: fc.constant(axes.map(([, r]) => r)),
  x: floats(axes.reduce((a, [d]) => a * d, 1)),
}));

describe.skipIf(skipReason !== '')(`native Tile${skipReason}`, () => {
  it('tile and broadcastTo match the cpu backend', async () => {
    await fc.assert(fc.asyncProperty(tiling, async ({ shape, reps, x }) => {
      const { error, leaked } = await compareWithCpu(() => {
        const t = tf.tensor(x, shape);
        return [tf.tile(t, reps), tf.broadcastTo(t.reshape(shape.map(() => 1).concat(shape)),
          reps.concat(shape))];
      });
      expect(error).toBeLessThan(1e-4);
      expect(leaked).toBe(0);
    }), { numRuns: 80 });
  });
});
