import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { loadAddon } from '../../../src/backend/native/addon.js';
import { compareWithCpu, floats, skipReason } from './reference.js';

/** Broadcastable batch dims for the two operands of a batched product. */
const batchDims = fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }).chain((out) =>
  fc.tuple(
    fc.tuple(fc.boolean(), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length })),
    fc.tuple(fc.boolean(), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length })),
  ).map(([[dropA, onesA], [dropB, onesB]]) => {
    const operand = (drop: boolean, ones: boolean[]): number[] =>
      out.map((d, i) => (ones[i] ? 1 : d)).slice(drop ? 1 : 0);
    const a = operand(dropA, onesA);
    const b = operand(dropB, onesB);
    const at = (dims: number[], i: number): number => dims[dims.length - out.length + i] ?? 1;
    return { out: out.map((_, i) => Math.max(at(a, i), at(b, i))), a, b };
  }));

const product = fc.record({
  m: fc.integer({ min: 1, max: 9 }),
  n: fc.integer({ min: 1, max: 9 }),
  k: fc.integer({ min: 1, max: 9 }),
  transposeA: fc.boolean(),
  transposeB: fc.boolean(),
  batch: batchDims,
}).chain((p) => {
  const aCore = p.transposeA ? [p.k, p.m] : [p.m, p.k];
  const bCore = p.transposeB ? [p.n, p.k] : [p.k, p.n];
  const aShape = [...p.batch.a, ...aCore];
  const bShape = [...p.batch.b, ...bCore];
  const size = (s: number[]): number => s.reduce((x, y) => x * y, 1);
  return fc.record({
    p: fc.constant(p), aShape: fc.constant<number[]>(aShape),
    bShape: fc.constant<number[]>(bShape),
    aFull: fc.constant<number[]>([...p.batch.out, ...aCore]), bFull: fc.constant<number[]>([...p.batch.out, ...bCore]),
    a: floats(size(aShape)), b: floats(size(bShape)), bias: floats(p.n), prelu: floats(p.n),
    activation: fc.constantFrom('linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'),
    alpha: fc.float({ min: Math.fround(0.01), max: Math.fround(0.5), noNaN: true }),
    scalarBias: fc.boolean(),
  });
});

describe.skipIf(skipReason !== '')(`native BatchMatMul and _FusedMatMul${skipReason}`, () => {
  it('match the cpu backend for random shapes, batch dims and transposes', async () => {
    // The cpu kernel broadcasts batches by index modulo, so the reference
    // multiplies operands broadcast explicitly to the full batch shape.
    await fc.assert(fc.asyncProperty(product, async (c) => {
      const { p } = c;
      const { error, leaked } = await compareWithCpu(
        () => tf.matMul(tf.tensor(c.a, c.aShape), tf.tensor(c.b, c.bShape),
          p.transposeA, p.transposeB),
        () => tf.matMul(tf.tensor(c.a, c.aShape).broadcastTo(c.aFull),
          tf.tensor(c.b, c.bShape).broadcastTo(c.bFull), p.transposeA, p.transposeB));
      expect(error).toBeLessThan(1e-4);
      expect(leaked).toBe(0);
    }), { numRuns: 60 });
  });

  it('fuse bias and every activation like the cpu backend', async () => {
    await fc.assert(fc.asyncProperty(product, async (c) => {
      const { p } = c;
      // tfjs flattens the batch dims of fused products, so b gets the full batch.
      const { error, leaked } = await compareWithCpu(() => tf.fused.matMul({
        a: tf.tensor(c.a, c.aShape).broadcastTo(c.aFull),
        b: tf.tensor(c.b, c.bShape).broadcastTo(c.bFull),
        transposeA: p.transposeA, transposeB: p.transposeB,
        bias: c.scalarBias ? tf.scalar(c.bias[0]) : tf.tensor1d(c.bias),
        activation: c.activation as tf.fused.Activation,
        preluActivationWeights: tf.tensor1d(c.prelu),
        leakyreluAlpha: c.alpha,
      }));
      expect(error).toBeLessThan(1e-4);
      expect(leaked).toBe(0);
    }), { numRuns: 40 });
  });

  it('fuse every activation like the cpu backend at extreme pre-activations (finite where cpu is: sigmoid of -100 was NaN)', async () => {
    // Arrange: a = [[1]], b a row of pre-activations from -1e4 to 1e4, so the product is b itself;
    // 5 copies (70 columns), so that the vectorized loop body runs, not only its remainder.
    const values = [-1e4, -1000, -104, -100, -88.5, -20, -1, 0, 1, 20, 88.5, 100, 1000, 1e4];
    const row = [...values, ...values, ...values, ...values, ...values];
    for (const activation of ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const) {
      // Act
      const { error, leaked } = await compareWithCpu(() => tf.fused.matMul({
        a: tf.tensor2d([[1]]), b: tf.tensor2d([row]), bias: tf.zeros([row.length]), activation, leakyreluAlpha: 0.2,
        preluActivationWeights: tf.fill([row.length], 0.3),
      }));
      // Assert
      expect(error, activation).toBeLessThan(1e-6);
      expect(leaked).toBe(0);
    }
  });

  it('fuse bias and every activation like the cpu backend on outputs large enough for the threaded epilogue', async () => {
    const activations = fc.constantFrom('linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu');
    // Seeds from 1: tfjs draws a random seed for 0, and the cpu run must see the same inputs.
    await fc.assert(fc.asyncProperty(activations, fc.integer({ min: 1, max: 1000 }), async (activation, seed) => {
      const { error, leaked } = await compareWithCpu(() => tf.fused.matMul({
        a: tf.randomNormal([300, 16], 0, 1, 'float32', seed),
        b: tf.randomNormal([16, 250], 0, 1, 'float32', seed + 1),
        bias: tf.randomNormal([250], 0, 1, 'float32', seed + 2),
        activation: activation as tf.fused.Activation,
        preluActivationWeights: tf.randomNormal([250], 0, 1, 'float32', seed + 3),
        leakyreluAlpha: 0.2,
      }));
      expect(error).toBeLessThan(1e-4);
      expect(leaked).toBe(0);
    }), { numRuns: 10 });
  });

  it('match the cpu backend on products above the one-thread limit (32 MFLOP), in every transpose', async () => {
    for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true], [true, true]]) {
      const { error, leaked } = await compareWithCpu(() => tf.matMul(
        tf.randomNormal(transposeA ? [512, 64] : [64, 512], 0, 1, 'float32', 1),
        tf.randomNormal(transposeB ? [600, 512] : [512, 600], 0, 1, 'float32', 2), transposeA, transposeB));

      expect(error).toBeLessThan(1e-4);
      expect(leaked).toBe(0);
    }
  });

  it('leave OpenBLAS on its thread count after a product run on one thread', async () => {
    await tf.setBackend('wasm');
    const addon = loadAddon();
    if (E.isLeft(addon)) throw new Error(addon.left);
    const threads = addon.right.info().threads;

    tf.tidy(() => tf.matMul(tf.ones([48, 512]), tf.ones([512, 512])).dataSync());

    expect(addon.right.info().threads).toBe(threads);
  });

  it('give the gradients of a dense layer like the cpu backend', async () => {
    await fc.assert(fc.asyncProperty(product, async ({ p, a, b }) => {
      const grads = tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.matMul(x, w).square().sum());
      const { error, leaked } = await compareWithCpu(() =>
        grads([tf.tensor(a.slice(0, p.m * p.k), [p.m, p.k]),
          tf.tensor(b.slice(0, p.k * p.n), [p.k, p.n])]));
      expect(error).toBeLessThan(1e-4);
      expect(leaked).toBe(0);
    }), { numRuns: 20 });
  });
});
