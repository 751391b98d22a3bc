import * as tf from '@tensorflow/tfjs';
import { Concat } from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatKernel } from '../../../src/backend/native/concat.js';
import { byImage, withoutFallback } from './native-only.js';
import { compareWithCpu, floats, skipReason } from './reference.js';

/** 1 to 4 tensors of one dtype that differ only along `axis` (sizes 0 included). */
const joining = fc.record({
  shape: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
  dtype: fc.constantFrom<tf.DataType>('float32', 'int32', 'bool'),
  negative: fc.boolean(),
}).chain((c) => fc.record({
  c: fc.constant(c),
  axis: fc.integer({ min: 0, max: c.shape.length - 1 }),
  sizes: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 4 }),
})).chain(({ c, axis, sizes }) => {
  const shapes = sizes.map((s) => c.shape.map((d, i) => (i === axis ? s : d)));
  return fc.record({
    shapes: fc.constant(shapes),
    dtype: fc.constant(c.dtype),
    axis: fc.constant(c.negative ? axis - c.shape.length : axis),
    values: fc.tuple(...shapes.map((s) => floats(s.reduce((a, b) => a * b, 1)))),
  });
});

/** `values` as a tensor of `dtype`: rounded for int32, thresholded for bool. */
const tensorOf = (values: Float32Array, shape: number[], dtype: tf.DataType): tf.Tensor =>
  dtype === 'float32' ? tf.tensor(values, shape)
    : tf.tensor(Array.from(values, (v) => (dtype === 'bool' ? Number(v > 0) : Math.round(v * 9))),
      shape, dtype);

describe.skipIf(skipReason !== '')(`native Concat${skipReason}`, () => {
  it('matches the cpu backend along any axis, empty and bool (fallback) inputs too', async () => {
    await fc.assert(fc.asyncProperty(joining, async ({ shapes, dtype, axis, values }) => {
      const { error, leaked } = await compareWithCpu(() =>
        tf.concat(shapes.map((s, i) => tensorOf(values[i], s, dtype)), axis));
      expect(error).toBeLessThan(1e-4);
      expect(leaked).toBe(0);
    }), { numRuns: 100 });
  });

  // Half the model's batch: enough to copy in parallel, and tfjs's cpu SplitV
  // (the gradient) takes a second already.
  it('joins [24, 14, 14, 56] maps natively, and its gradient (SplitV) matches', async () => {
    const join = (): tf.Tensor[] => {
      const [a, b] = [0, 1].map((seed) =>
        tf.randomUniform([24, 14, 14, 56], -1, 1, 'float32', seed));
      const dy = tf.randomUniform([24, 14, 14, 112], -1, 1, 'float32', 2);
      const grads = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.concat([x, y], 3));
      return byImage([tf.concat([a, b], -1), ...grads([a, b], dy)]);
    };
    const { error, leaked } = await withoutFallback(Concat, concatKernel,
      () => compareWithCpu(join));
    expect(error).toBeLessThan(1e-4);
    expect(leaked).toBe(0);
  });
});
