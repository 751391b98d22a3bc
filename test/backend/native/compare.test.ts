import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareWithCpu, skipReason } from './reference.js';

/** Floats with the IEEE edge values mixed in: NaN, both infinities, both zeros, and repeats (so equality happens). */
const edgy = (length: number): fc.Arbitrary<number[]> =>
  fc.array(fc.oneof(fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, 1, -1), fc.float({ min: Math.fround(-3), max: Math.fround(3), noNaN: true })),
    { minLength: length, maxLength: length });

const comparisons: ReadonlyArray<readonly [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor]> = [
  ['Equal', tf.equal], ['NotEqual', tf.notEqual], ['Less', tf.less], ['LessEqual', tf.lessEqual],
  ['Greater', tf.greater], ['GreaterEqual', tf.greaterEqual],
];

describe.skipIf(skipReason !== '')(`native comparisons, logical and / or and Select${skipReason}`, () => {
  it('property: every comparison equals cpu on same-shape and scalar-broadcast float operands with NaN, infinities and signed zeros, leaking nothing', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 1000 }), fc.constantFrom('same', 'scalar b', 'scalar a'),
      async (n, seed, kind) => {
        const [as, bs] = fc.sample(edgy(n), { numRuns: 2, seed });
        for (const [, op] of comparisons) {
          const { error, leaked } = await compareWithCpu(() => {
            const a = kind === 'scalar a' ? tf.scalar(as[0]) : tf.tensor1d(as);
            const b = kind === 'scalar b' ? tf.scalar(bs[0]) : tf.tensor1d(bs);
            return tf.cast(op(a, b), 'float32');
          });
          expect(error).toBe(0);
          expect(leaked).toBe(0);
        }
      }), { numRuns: 25 });
  });

  it('property: logicalOr, logicalAnd and where equal cpu (where on NaN and infinite branches too), leaking nothing', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 1000 }), async (n, seed) => {
      const [as, bs, ts] = fc.sample(edgy(n), { numRuns: 3, seed });
      const { error, leaked } = await compareWithCpu(() => {
        const p = tf.greater(tf.tensor1d(as), 0);
        const q = tf.lessEqual(tf.tensor1d(bs), 0.5);
        const t = tf.tensor1d(ts);
        const e = tf.fill([n], -Infinity);
        return [tf.cast(tf.logicalOr(p, q), 'float32'), tf.cast(tf.logicalAnd(p, q), 'float32'),
          tf.cast(tf.logicalOr(p, tf.scalar(false, 'bool')), 'float32'), tf.where(p, t, e), tf.where(tf.logicalOr(p, q), e, t)];
      });
      expect(error).toBe(0);
      expect(leaked).toBe(0);
    }), { numRuns: 25 });
  });

  it('computes a Bernoulli likelihood with its support check (Equal, LogicalOr, Select) as cpu does', async () => {
    // Arrange: pixels in and out of {0, 1}, NaN included; logits of both signs.
    const x = [0, 1, 0.5, NaN, 1, 0, -1, 2];
    const logits = [3, -2, 0, 1, 40, -40, 0.5, 1];
    const check = (): tf.Tensor => {
      const xs = tf.tensor1d(x);
      const ls = tf.tensor1d(logits);
      const value = tf.sub(tf.mul(xs, ls), tf.softplus(ls));
      return tf.where(tf.logicalOr(tf.equal(xs, 0), tf.equal(xs, 1)), value, tf.fill(value.shape, -Infinity));
    };
    // Act
    const { error, leaked } = await compareWithCpu(check);
    // Assert
    expect(error).toBeLessThan(1e-6);
    expect(leaked).toBe(0);
  });
});
