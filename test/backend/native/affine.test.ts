import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { affine, type FusedActivation } from '../../../src/ops/affine.js';
import { StrataActivationBiasGrad, StrataAffine } from '../../../src/ops/kernel-names.js';
import { compareWithCpu, skipReason } from './reference.js';

/** affine and its gradients for x, w and b of a weighted sum, from seeded data. */
const run = (rows: number, inputs: number, outputs: number, activation: FusedActivation, seed: number) => (): tf.Tensor[] => {
  const x = tf.randomNormal([rows, inputs], 0, 1, 'float32', seed);
  const w = tf.randomNormal([inputs, outputs], 0, 1, 'float32', seed + 1);
  const b = tf.randomNormal([outputs], 0, 1, 'float32', seed + 2);
  const weights = tf.randomNormal([rows, outputs], 0, 1, 'float32', seed + 3);
  const loss = (p: tf.Tensor, q: tf.Tensor, r: tf.Tensor): tf.Tensor => tf.sum(tf.mul(affine(p, q, r, activation), weights));
  return [affine(x, w, b, activation), ...tf.grads(loss)([x, w, b])];
};

describe.skipIf(skipReason !== '')(`native ${StrataAffine} and ${StrataActivationBiasGrad}${skipReason}`, () => {
  it('property: equals the composed kernels on cpu to 1e-4 (values, gradients of x, w and b) for linear, relu and elu, leaking nothing', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 300 }),
      fc.constantFrom<FusedActivation>('linear', 'relu', 'elu'), fc.integer({ min: 1, max: 10_000 }),
      async (rows, inputs, outputs, activation, seed) => {
        const { error, leaked } = await compareWithCpu(run(rows, inputs, outputs, activation, seed));
        expect(error).toBeLessThan(1e-4);
        expect(leaked).toBe(0);
      }), { numRuns: 30 });
  });

  it('reads the derivative off y as tfjs\'s Step and EluGrad do on cpu (NaN and infinities included) and sums dz over rows for db', async () => {
    // Arrange: outputs y of a layer and an incoming gradient dy, [2, 4].
    const y = [[2, 0, NaN, Infinity], [-0.5, 3, -1, -Infinity]];
    const dy = [[1, 2, 3, 4], [5, 6, 7, 8]];
    for (const activation of ['relu', 'elu'] as const) {
      // Act: the native kernel, against the kernels src/ops/affine.ts composes elsewhere, on cpu.
      const { error, leaked } = await compareWithCpu(
        () => tf.engine().runKernel(StrataActivationBiasGrad, { dy: tf.tensor2d(dy), y: tf.tensor2d(y) }, { activation }) as tf.Tensor[],
        () => {
          const [g, out] = [tf.tensor2d(dy), tf.tensor2d(y)];
          const dz = activation === 'relu' ? tf.mul(g, tf.step(out)) : tf.engine().runKernel('EluGrad', { dy: g, y: out }) as tf.Tensor;
          return [dz, tf.sum(dz, 0)];
        });
      // Assert
      expect(error, activation).toBe(0);
      expect(leaked).toBe(0);
    }
  });

  it('is one kernel forward and, for relu, one StrataActivationBiasGrad and two products backward, with no nested matmul and no Step', async () => {
    await tf.setBackend('wasm');
    const kernels = (await tf.profile(() => tf.tidy(() => {
      run(16, 8, 12, 'relu', 3)();
    }))).kernels.map((k) => k.name);

    expect(kernels.filter((k) => k === StrataAffine)).toHaveLength(2);
    expect(kernels.filter((k) => k === StrataActivationBiasGrad)).toHaveLength(1);
    expect(kernels.filter((k) => k === 'BatchMatMul')).toHaveLength(2);
    expect(kernels.filter((k) => ['_FusedMatMul', 'Step', 'EluGrad'].includes(k))).toEqual([]);
  });
});
