/**
 * explicit-transpose-matmul.ts: matMul and fused matMul on wasm, with every
 * combination of transpose flags and broadcast batch dimensions, agree with
 * the cpu backend, and their gradients too; nothing leaks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { swapLastTwo } from '../../../src/backend/kernels/explicit-transpose-matmul.js';
import { liveCounts, relativeError, runOn, seededValues, setUpWasmAndCpu } from './wasm-vs-cpu.js';

interface MatMulCase {
  readonly batchA: number[];
  readonly batchB: number[];
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  readonly seed: number;
}

const caseArb: fc.Arbitrary<MatMulCase> = fc
  .record({
    batch: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
    broadcastA: fc.boolean(),
    broadcastB: fc.boolean(),
    m: fc.integer({ min: 1, max: 9 }),
    k: fc.integer({ min: 1, max: 9 }),
    n: fc.integer({ min: 1, max: 9 }),
    transposeA: fc.boolean(),
    transposeB: fc.boolean(),
    seed: fc.nat(),
  })
  .map(({ batch, broadcastA, broadcastB, ...rest }) => ({
    ...rest,
    batchA: broadcastA ? batch.map(() => 1) : batch,
    batchB: broadcastB && !broadcastA ? batch.map(() => 1) : batch,
  }));

const shapes = (c: MatMulCase): [number[], number[]] => [
  [...c.batchA, ...(c.transposeA ? [c.k, c.m] : [c.m, c.k])],
  [...c.batchB, ...(c.transposeB ? [c.n, c.k] : [c.k, c.n])],
];

/**
 * Product, fused product with bias and relu, and the product's gradients
 * (tfjs-core's matMul gradient does not broadcast batch dimensions, on any
 * backend, so those are taken only when the batch shapes agree).
 */
const products = (c: MatMulCase, backend: 'wasm' | 'cpu'): Promise<Float32Array[]> => {
  const [sa, sb] = shapes(c);
  const size = (s: number[]): number => s.reduce((x, y) => x * y, 1);
  const av = seededValues(size(sa), c.seed);
  const bv = seededValues(size(sb), c.seed + 1);
  const biasv = seededValues(c.n, c.seed + 2);
  return runOn(backend, () =>
    tf.tidy(() => {
      const a = tf.tensor(av, sa);
      const b = tf.tensor(bv, sb);
      const plain = tf.matMul(a, b, c.transposeA, c.transposeB);
      const fused =
        c.batchA.length === 0 && c.batchB.length === 0
          ? tf.fused.matMul({ a, b, transposeA: c.transposeA, transposeB: c.transposeB, bias: tf.tensor1d(biasv), activation: 'relu' })
          : tf.relu(plain);
      const broadcasts = c.batchA.some((d, i) => d !== c.batchB[i]);
      const grads = broadcasts
        ? []
        : tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, y, c.transposeA, c.transposeB))))([a, b]);
      return [plain, fused, ...grads];
    }),
  );
};

describe('matMul on wasm with explicit transposes', () => {
  beforeAll(setUpWasmAndCpu);

  it('swapLastTwo swaps exactly the last two axes', () => {
    expect(swapLastTwo(2)).toEqual([1, 0]);
    expect(swapLastTwo(4)).toEqual([0, 1, 3, 2]);
  });

  it('matches cpu for every transpose flag and batch shape, values and gradients', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        // Arrange
        const expected = await products(c, 'cpu');
        await tf.setBackend('wasm');
        const before = liveCounts();
        // Act
        const actual = await products(c, 'wasm');
        // Assert
        expect(liveCounts()).toEqual(before);
        expected.forEach((e, i) => expect(relativeError(e, actual[i])).toBeLessThan(1e-3));
      }),
      { numRuns: 100 },
    );
  });
});
