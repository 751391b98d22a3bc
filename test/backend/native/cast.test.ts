import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareWithCpu, skipReason } from './reference.js';

const dtypes = ['float32', 'int32', 'bool'] as const;

/**
 * A cast between any two of float32, int32 and bool. wasm's kernel (the
 * fallback) stores x != 0 as x modulo 256 when casting numbers to bool, so
 * those casts get only zeros and ones.
 */
const casting = fc.record({
  from: fc.constantFrom(...dtypes),
  to: fc.constantFrom(...dtypes),
  shape: fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }),
}).chain((c) => fc.record({
  c: fc.constant(c),
  values: fc.array(c.from === 'bool' || c.to === 'bool' ? fc.integer({ min: 0, max: 1 })
    : fc.integer({ min: -50, max: 50 }).map((v) => (c.from === 'int32' ? v : v / 8)), {
    minLength: c.shape.reduce((a, b) => a * b, 1), maxLength: c.shape.reduce((a, b) => a * b, 1),
  }),
}));

describe.skipIf(skipReason !== '')(`native Cast${skipReason}`, () => {
  it('matches the cpu backend for every pair of float32, int32 and bool', async () => {
    await fc.assert(fc.asyncProperty(casting, async ({ c, values }) => {
      const { error, leaked } = await compareWithCpu(() =>
        tf.cast(tf.tensor(values, c.shape, c.from), c.to));
      expect(error).toBe(0);
      expect(leaked).toBe(0);
    }), { numRuns: 80 });
  });

  it('shares the data of a cast to the same dtype, as the Multiply gradient\'s', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory();
    const buffers = (): number => tf.backend().numDataIds();
    const sources = dtypes.map((dtype) => tf.tensor([1, 0, 3], [3], dtype));
    const shared = buffers();

    const casts = sources.map((t) => tf.cast(t, t.dtype));
    const afterCast = buffers();
    tf.dispose(sources);
    const values = casts.map((t) => Array.from(t.dataSync()));
    tf.dispose(casts);

    expect(afterCast).toBe(shared);
    expect(values).toEqual([[1, 0, 3], [1, 0, 3], [1, 0, 1]]);
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(buffers()).toBe(shared - dtypes.length);
  });
});
