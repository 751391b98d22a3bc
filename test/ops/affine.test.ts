import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { affine, isFusable, type FusedActivation } from '../../src/ops/affine.js';
import { activate } from '../../src/dsl/nets/activation.js';
import { maxDiff } from '../support/tensors.js';

describe('affine', () => {
  it.each(['cpu', 'wasm'])('property on %s: equals act(x w + b) from tfjs ops, with the same gradients for x, w and b', async (backend) => {
    await tf.setBackend(backend);
    try {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 6 }),
          fc.constantFrom<FusedActivation>('linear', 'relu', 'elu'), fc.integer({ min: 0, max: 1000 }),
          (rows, inputs, outputs, activation, seed) => tf.tidy(() => {
            const x = tf.randomNormal([rows, inputs], 0, 1, 'float32', seed);
            const w = tf.randomNormal([inputs, outputs], 0, 1, 'float32', seed + 1);
            const b = tf.randomNormal([outputs], 0, 1, 'float32', seed + 2);
            const projection = tf.randomNormal([rows, outputs], 0, 1, 'float32', seed + 3);
            const ours = (p: tf.Tensor, q: tf.Tensor, r: tf.Tensor): tf.Tensor => affine(p, q, r, activation);
            const theirs = (p: tf.Tensor, q: tf.Tensor, r: tf.Tensor): tf.Tensor =>
              activate(activation, tf.add(tf.matMul(p as tf.Tensor2D, q as tf.Tensor2D), r));
            const gradients = (f: typeof ours): tf.Tensor[] =>
              tf.grads((p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) => tf.sum(tf.mul(f(p, q, r), projection)))([x, w, b]);
            const [gx, gw, gb] = gradients(ours);
            const [hx, hw, hb] = gradients(theirs);
            return maxDiff([[ours(x, w, b), theirs(x, w, b)], [gx, hx], [gw, hw], [gb, hb]]) < 1e-4;
          })),
        { numRuns: 60 },
      );
    } finally {
      await tf.setBackend('cpu');
    }
  });

  it('computes no gradient product for an input that leads to no variable (a layer reading data)', async () => {
    const x = tf.ones([4, 3]);
    const [w, b] = [tf.variable(tf.ones([3, 2])), tf.variable(tf.zeros([2]))];

    const profile = await tf.profile(() => tf.tidy(() => {
      tf.variableGrads(() => tf.sum(affine(x, w, b, 'relu')) as tf.Scalar);
    }));

    expect(profile.kernels.filter((k) => k.name === 'BatchMatMul')).toHaveLength(1);
    tf.dispose([x, w, b]);
  });

  it('names the shapes when x, w and b do not fit', () => {
    const [x, w, b] = [tf.ones([2, 3]), tf.ones([4, 5]), tf.ones([5])];

    expect(() => affine(x, w, b, 'relu')).toThrow('affine: expected x [N, in], w [in, out] and b [out], got x [2,3], w [4,5] and b [5]');
    tf.dispose([x, w, b]);
  });

  it('fuses only the activations whose derivative it reads from the output', () => {
    expect(['linear', 'relu', 'elu', 'tanh', 'softplus', 'swish'].map((a) => isFusable(a as never))).toEqual([true, true, true, false, false, false]);
  });

  it('runs forward as one matmul kernel and leaves no tensors behind after a gradient', async () => {
    const [x, w, b] = [tf.ones([4, 3]), tf.ones([3, 2]), tf.zeros([2])];
    const before = tf.memory().numTensors;

    const profile = await tf.profile(() => affine(x, w, b, 'elu').dispose());
    tf.tidy(() => {
      tf.grads((p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) => tf.sum(affine(p, q, r, 'elu')))([x, w, b]);
    });

    expect(profile.kernels.map((k) => k.name).filter((n) => n !== 'Identity')).toEqual(['StrataAffine']);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w, b]);
  });
});
