import * as tf from '@tensorflow/tfjs';
import { SplitV } from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitVKernel } from '../../../src/backend/native/split.js';
import { byImage, withoutFallback } from './native-only.js';
import { compareWithCpu, floats, skipReason } from './reference.js';

/** A split of a random tensor: into equal parts, or by sizes (0 and one -1 allowed). */
const splitting = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 })
  .chain((shape) => fc.record({
    shape: fc.constant(shape),
    axis: fc.integer({ min: 0, max: shape.length - 1 }),
    negative: fc.boolean(),
    int: fc.boolean(),
    x: floats(shape.reduce((a, b) => a * b, 1)),
  })).chain((c) => {
    const n = c.shape[c.axis];
    const divisors = [...Array(n).keys()].map((i) => i + 1).filter((d) => n % d === 0);
    const total = (sizes: number[]): number => sizes.reduce((a, b) => a + b, 0);
    // The -1 (the rest) never comes first: tfjs's prepareSplitSize then miscounts.
    const bySizes = fc.array(fc.integer({ min: 0, max: n }), { minLength: 1, maxLength: 4 })
      .filter((cuts) => total(cuts) <= n)
      .chain((cuts) => fc.record({
        at: fc.integer({ min: 1, max: cuts.length }), rest: fc.boolean(),
      }).map(({ at, rest }) =>
        [...cuts.slice(0, at), rest ? -1 : n - total(cuts), ...cuts.slice(at)]));
    return fc.record({
      c: fc.constant(c),
      splits: fc.oneof(fc.constantFrom(...divisors), bySizes),
    });
  });

describe.skipIf(skipReason !== '')(`native SplitV${skipReason}`, () => {
  it('matches the cpu backend for equal parts and sizes, 0 and -1 included', async () => {
    await fc.assert(fc.asyncProperty(splitting, async ({ c, splits }) => {
      const axis = c.negative ? c.axis - c.shape.length : c.axis;
      const { error, leaked } = await compareWithCpu(() => {
        const x = c.int ? tf.tensor(Array.from(c.x, (v) => Math.round(v * 9)), c.shape, 'int32')
          : tf.tensor(c.x, c.shape);
        return tf.split(x, Array.isArray(splits) ? [...splits] : splits, axis);
      });
      expect(error).toBeLessThan(1e-4);
      expect(leaked).toBe(0);
    }), { numRuns: 100 });
  });

  // Half the model's batch: enough to copy in parallel, and tfjs's cpu SplitV
  // takes a second already.
  it('halves [24, 14, 14, 112] maps natively, and its gradient (Concat) matches', async () => {
    const halve = (): tf.Tensor[] => {
      const x = tf.randomUniform([24, 14, 14, 112], -1, 1, 'float32', 0);
      const dy = tf.randomUniform([24, 14, 14, 56], -1, 1, 'float32', 1);
      const dx = tf.grad((t: tf.Tensor) => tf.split(t, 2, 3)[1])(x, dy);
      return byImage([...tf.split(x, [56, -1], -1), dx]);
    };
    const { error, leaked } = await withoutFallback(SplitV, splitVKernel,
      () => compareWithCpu(halve));
    expect(error).toBeLessThan(1e-4);
    expect(leaked).toBe(0);
  });
});
