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
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 40 }).chain((n) => fc.tuple(edgy(n), edgy(n))), fc.constantFrom('same', 'scalar b', 'scalar a'),
      async ([as, bs], kind) => {
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
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 60 }).chain((n) => fc.tuple(edgy(n), edgy(n), edgy(n))), async ([as, bs, ts]) => {
      const n = as.length;
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
});
