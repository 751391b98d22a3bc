import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bernoulliLogProbElements } from '../../../src/ops/bernoulli-log-prob.js';
import { StrataBernoulliLogProb, StrataBernoulliLogProbGrad } from '../../../src/ops/kernel-names.js';
import { compareWithCpu, skipReason } from './reference.js';

/** Pixels: mostly 0 / 1, with values off the support (NaN, 0.5, -1, 2) mixed in. */
const pixels = (n: number): fc.Arbitrary<number[]> =>
  fc.array(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(0, 1) }, { weight: 1, arbitrary: fc.constantFrom(NaN, 0.5, -1, 2) }),
    { minLength: n, maxLength: n });

/** Logits of every scale, extremes included. */
const logits = (n: number): fc.Arbitrary<number[]> =>
  fc.array(fc.oneof(fc.float({ min: Math.fround(-30), max: Math.fround(30), noNaN: true }), fc.constantFrom(-1e4, 1e4, -88, 88, 0)),
    { minLength: n, maxLength: n });

/** Weights of the loss: finite mostly, NaN and infinities mixed in (the gradient off the support is dy * 0 then). */
const weights = (n: number): fc.Arbitrary<number[]> =>
  fc.array(fc.oneof({ weight: 8, arbitrary: fc.float({ min: Math.fround(-2), max: Math.fround(2), noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity) }), { minLength: n, maxLength: n });

/** The log-likelihood, and the gradient in the logits of its sum weighted by `ws` (dy = ws). */
const run = (ls: number[], xs: number[], ws: number[]) => (): tf.Tensor[] => {
  const x = tf.tensor1d(xs);
  const w = tf.tensor1d(ws);
  const loss = (p: tf.Tensor): tf.Tensor => tf.sum(tf.mul(bernoulliLogProbElements(p, x), w));
  return [bernoulliLogProbElements(tf.tensor1d(ls), x), tf.grad(loss)(tf.tensor1d(ls))];
};

describe.skipIf(skipReason !== '')(`native ${StrataBernoulliLogProb}${skipReason}`, () => {
  it('property: the value (-inf off the support, NaN included) and the gradient in the logits (dy * 0 off the support, non-finite dy included) equal the composed ops on cpu, leaking nothing', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 80 }).chain((n) => fc.tuple(logits(n), pixels(n), weights(n))),
    async ([ls, xs, ws]) => {
      const { error, leaked } = await compareWithCpu(run(ls, xs, ws));
      expect(error).toBeLessThan(1e-5);
      expect(leaked).toBe(0);
    }), { numRuns: 60 });
  });

  it('is one kernel forward and one backward for float32 data of the logits\' shape', async () => {
    await tf.setBackend('wasm');
    const kernels = (await tf.profile(() => tf.tidy(() => {
      const l = tf.randomNormal([8, 20], 0, 3, 'float32', 1);
      const x = tf.cast(tf.greater(tf.randomUniform([8, 20], 0, 1, 'float32', 2), 0.5), 'float32');
      tf.grad((p: tf.Tensor) => tf.sum(bernoulliLogProbElements(p, x)))(l);
    }))).kernels.map((k) => k.name);

    expect(kernels.filter((k) => k === StrataBernoulliLogProb)).toHaveLength(1);
    expect(kernels.filter((k) => k === StrataBernoulliLogProbGrad)).toHaveLength(1);
    expect(kernels.filter((k) => ['Softplus', 'Select', 'Equal', 'LogicalOr', 'Sigmoid'].includes(k))).toEqual([]);
  });

  it('refuses a gradient in x on native as the composed ops do on cpu (the data is not differentiable)', async () => {
    const attempt = async (backend: string): Promise<string> => {
      await tf.setBackend(backend);
      try {
        tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(bernoulliLogProbElements(tf.tensor1d([1, -2]), x)))(tf.tensor1d([1, 0])));
        return 'no error';
      } catch (e) {
        return (e as Error).message;
      }
    };

    expect(await attempt('cpu')).toMatch('Cannot compute gradient: gradient function not found for LogicalOr');
    expect(await attempt('wasm')).toMatch('Cannot backprop through input x');
  });

  it('falls back to the composed ops for data of another shape (broadcast) or dtype, with the same values', async () => {
    await tf.setBackend('wasm');
    const [broadcast, ints] = tf.tidy(() => {
      const l = tf.tensor2d([[2, -1], [0.5, 3]]);
      return [bernoulliLogProbElements(l, tf.tensor1d([1, 0])), bernoulliLogProbElements(l, tf.tensor2d([[1, 0], [2, 1]], [2, 2], 'int32'))]
        .map((t) => Array.from(t.dataSync()));
    });
    const sp = (v: number): number => Math.log1p(Math.exp(v));

    [2 - sp(2), -sp(-1), 0.5 - sp(0.5), -sp(3)].forEach((v, i) => expect(broadcast[i]).toBeCloseTo(v, 5));
    expect(ints[2]).toBe(-Infinity);
    expect(ints[3]).toBeCloseTo(3 - sp(3), 5);
  });
});
