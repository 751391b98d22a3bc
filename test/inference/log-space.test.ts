/**
 * log-space.ts: logSumExp, logMeanExp and logAddExp handle -inf rows (the law:
 * the reduction of a row with -inf entries equals the reduction of its finite
 * entries; a row of -inf gives -inf), +inf and NaN, and agree with
 * tf.logSumExp where that is finite.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { expectUnder, logAddExp, logMeanExp, logSumExp } from '../../src/inference/log-space.js';

/** A float32 log-weight in [-1e3, 1e3]. */
const finite = fc.float({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true });

/** A row of finite values with -inf inserted at `holes` positions. */
const rowWithHoles = fc
  .tuple(fc.array(finite, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(12), { maxLength: 6 }))
  .map(([values, holes]) => {
    const row = [...values];
    holes.forEach((h) => row.splice(h % (row.length + 1), 0, -Infinity));
    return { row, finite: values };
  });

const reduce = (f: (x: tf.Tensor) => tf.Tensor, row: readonly number[]): number =>
  tf.tidy(() => f(tf.tensor1d([...row])).dataSync()[0]);

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-5 * (1 + Math.abs(b));

describe('log-space reductions', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('law: logSumExp of a row with -inf entries equals logSumExp of its finite entries', () => {
    fc.assert(
      fc.property(rowWithHoles, ({ row, finite: values }) =>
        close(reduce((x) => logSumExp(x, 0), row), reduce((x) => tf.logSumExp(x, 0), values))),
      { numRuns: 200 },
    );
  });

  it('law: logMeanExp of a row with -inf entries is logSumExp of the finite entries minus log of the row length', () => {
    fc.assert(
      fc.property(rowWithHoles, ({ row, finite: values }) =>
        close(reduce((x) => logMeanExp(x, 0), row), reduce((x) => tf.logSumExp(x, 0), values) - Math.log(row.length))),
      { numRuns: 200 },
    );
  });

  it('law: logAddExp(a, -inf) = a exactly, logAddExp(a, b) = logSumExp([a, b])', () => {
    fc.assert(
      fc.property(finite, finite, (a, b) => {
        const [withInf, pair] = tf.tidy(() => [
          logAddExp(tf.scalar(a), tf.scalar(-Infinity)).dataSync()[0],
          logAddExp(tf.scalar(a), tf.scalar(b)).dataSync()[0],
        ]);
        return withInf === Math.fround(a) && close(pair, reduce((x) => tf.logSumExp(x, 0), [a, b]));
      }),
      { numRuns: 200 },
    );
  });

  it('a row of -inf gives -inf (tf.logSumExp gives NaN) for logSumExp, logMeanExp and logAddExp', () => {
    const allInf = [-Infinity, -Infinity, -Infinity];
    expect(reduce((x) => logSumExp(x, 0), allInf)).toBe(-Infinity);
    expect(reduce((x) => logMeanExp(x, 0), allInf)).toBe(-Infinity);
    expect(tf.tidy(() => logAddExp(tf.scalar(-Infinity), tf.scalar(-Infinity)).dataSync()[0])).toBe(-Infinity);
  });

  it('+inf gives +inf and NaN gives NaN', () => {
    expect(reduce((x) => logSumExp(x, 0), [0, Infinity, -Infinity])).toBe(Infinity);
    expect(reduce((x) => logSumExp(x, 0), [0, Number.NaN, 1])).toBeNaN();
  });

  it('is bit-identical to tf.logSumExp on finite rows, over several axes and with keepDims', () => {
    const [ours, theirs, kept] = tf.tidy(() => {
      const x = tf.randomNormal([3, 4, 5], 0, 30, 'float32', 7);
      return [logSumExp(x, [0, 2]).arraySync(), tf.logSumExp(x, [0, 2]).arraySync(), logSumExp(x, 1, true).shape];
    });
    expect(ours).toEqual(theirs);
    expect(kept).toEqual([3, 1, 5]);
  });

  it('gradient is softmax on finite rows and 0 (not NaN) on a row of -inf, leaving no tensor behind', () => {
    const before = tf.memory().numTensors;
    const g = tf.tidy(() =>
      Array.from(tf.grad((x: tf.Tensor) => tf.sum(logSumExp(x, 1)))(tf.tensor2d([[0, Math.log(3), -Infinity], [-Infinity, -Infinity, -Infinity]])).dataSync()));
    expect(g[0]).toBeCloseTo(0.25, 6);
    expect(g[1]).toBeCloseTo(0.75, 6);
    expect(g.slice(2)).toEqual([0, 0, 0, 0]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('expectUnder: a term with probability 0 adds 0 even at -inf (0 log 0 = 0), with finite gradients', () => {
    const [value, gp, gv] = tf.tidy(() => {
      const p = tf.tensor1d([0.25, 0.75, 0]);
      const v = tf.tensor1d([-4, -8, -Infinity]);
      const [dp, dv] = tf.grads((a: tf.Tensor, b: tf.Tensor) => expectUnder(a, b, 0))([p, v]);
      return [expectUnder(p, v, 0).dataSync()[0], Array.from(dp.dataSync()), Array.from(dv.dataSync())];
    });
    expect(value).toBeCloseTo(-7, 6);
    expect(gp.every(Number.isFinite) && gv.every(Number.isFinite)).toBe(true);
  });

  it('law: expectUnder equals the plain weighted sum when every probability is positive', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.float({ min: Math.fround(0.01), max: 1, noNaN: true }), finite), { minLength: 1, maxLength: 8 }), (pairs) => {
        const [ours, plain] = tf.tidy(() => {
          const p = tf.tensor1d(pairs.map(([a]) => a));
          const v = tf.tensor1d(pairs.map(([, b]) => b));
          return [expectUnder(p, v, 0).dataSync()[0], tf.sum(tf.mul(p, v)).dataSync()[0]];
        });
        return ours === plain;
      }),
      { numRuns: 100 },
    );
  });
});
