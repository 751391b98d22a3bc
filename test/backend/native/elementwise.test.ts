import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareWithCpu, skipReason } from './reference.js';

/** Float32 values over a wide range, with zeros, infinities and (unless `nan` is false) NaN. */
const values = (length: number, nan = true): fc.Arbitrary<Float32Array> => fc.float32Array({
  minLength: length, maxLength: length,
  min: Math.fround(-100), max: Math.fround(100), noNaN: true,
}).chain((xs) => fc.array(fc.constantFrom(0, -0, -1, Infinity, -Infinity, 88.5, -104,
  ...(nan ? [NaN] : [])), { maxLength: 3 }).map((specials) => {
  specials.forEach((v, i) => { if (i < xs.length) xs[i] = v; });
  return xs;
}));

const shapes = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 });
const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

const unaries: ReadonlyArray<readonly [string, (x: tf.Tensor) => tf.Tensor]> = [
  ['exp', tf.exp], ['log', tf.log], ['log1p', tf.log1p], ['softplus', tf.softplus], ['tanh', tf.tanh],
  ['elu', tf.elu],
];

describe.skipIf(skipReason !== '')(`native elementwise kernels${skipReason}`, () => {
  it('Exp, Log, Log1p, Softplus, Tanh and Elu match the cpu backend, special values included', async () => {
    const input = shapes.chain((shape) => fc.record({
      shape: fc.constant(shape), x: values(size(shape)), op: fc.constantFrom(...unaries),
    }));
    await fc.assert(fc.asyncProperty(input, async ({ shape, x, op: [, f] }) => {
      const { error, leaked } = await compareWithCpu(() => f(tf.tensor(x, shape)));
      expect(error).toBeLessThan(1e-4);
      expect(leaked).toBe(0);
    }), { numRuns: 80 });
  });

  it('split over threads on large arrays, still match the cpu backend', async () => {
    const input = fc.record({ x: values(70000), op: fc.constantFrom(...unaries) });
    await fc.assert(fc.asyncProperty(input, async ({ x, op: [, f] }) => {
      const { error, leaked } = await compareWithCpu(() => f(tf.tensor(x, [700, 100])));
      expect(error).toBeLessThan(1e-4);
      expect(leaked).toBe(0);
    }), { numRuns: 6 });
  });

  // Broadcasts other than a scalar go to wasm's kernel, which differs from
  // cpu on NaN; those cases get no NaN.
  it('Maximum and Minimum match the cpu backend, scalar and other broadcasts included', async () => {
    const input = shapes.chain((shape) => fc.record({
      shape: fc.constant(shape),
      other: fc.constantFrom(shape, [], [1], shape.slice(1)),
      maximum: fc.boolean(),
    })).chain((c) => fc.record({
      c: fc.constant(c), swap: fc.boolean(),
      a: values(size(c.shape), c.other.length === c.shape.length || size(c.other) === 1),
      b: values(size(c.other), c.other.length === c.shape.length || size(c.other) === 1),
    }));
    await fc.assert(fc.asyncProperty(input, async ({ c, a, b, swap }) => {
      const f = c.maximum ? tf.maximum : tf.minimum;
      const { error, leaked } = await compareWithCpu(() => {
        const [x, y] = [tf.tensor(a, c.shape), tf.tensor(b, c.other)];
        return swap ? f(y, x) : f(x, y);
      });
      expect(error).toBeLessThan(1e-4);
      expect(leaked).toBe(0);
    }), { numRuns: 80 });
  });
});
