/**
 * cpu-resize-nearest-grad.ts: the cpu gradient of resizeNearestNeighbor is
 * the transpose of the forward pass for every image of a batch (tfjs's
 * kernel reads the second image's dy at the wrong offset).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { nearestSources } from '../../../src/backend/kernels/cpu-resize-nearest-grad.js';
import { registerCpuKernels } from '../../../src/backend/kernels/register-cpu-kernels.js';

describe('cpu ResizeNearestNeighborGrad', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registerCpuKernels();
  });

  it('sums each 2x2 block of dy into its source pixel, in the second image too', () => {
    // Arrange: 2 images of 2x2 upscaled to 4x4; dy = 0..31
    const x = tf.zeros([2, 2, 2, 1]) as tf.Tensor4D;
    const dy = tf.range(0, 32).reshape([2, 4, 4, 1]);
    // Act
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.image.resizeNearestNeighbor(a as tf.Tensor4D, [4, 4]), dy)))(x);
    // Assert: block sums, e.g. image 2 top-left = 16 + 17 + 20 + 21
    expect(Array.from(g.dataSync())).toEqual([10, 18, 42, 50, 74, 82, 106, 114]);
    tf.dispose([x, dy, g]);
  });

  it('is the transpose of the forward pass: <resize(x), r> = <x, grad(r)> for any sizes and batch', () => {
    fc.assert(
      fc.property(
        fc.record({ n: fc.integer({ min: 1, max: 3 }), h: fc.integer({ min: 1, max: 6 }), w: fc.integer({ min: 1, max: 6 }),
          oh: fc.integer({ min: 1, max: 9 }), ow: fc.integer({ min: 1, max: 9 }), align: fc.boolean() }),
        ({ n, h, w, oh, ow, align }) => {
          const before = tf.memory().numTensors;
          const [lhs, rhs] = tf.tidy(() => {
            const x = tf.randomUniform([n, h, w, 2], -1, 1, 'float32', 1) as tf.Tensor4D;
            const r = tf.randomUniform([n, oh, ow, 2], -1, 1, 'float32', 2);
            const f = (a: tf.Tensor): tf.Tensor => tf.image.resizeNearestNeighbor(a as tf.Tensor4D, [oh, ow], align);
            const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(f(a), r)))(x);
            return [tf.sum(tf.mul(f(x), r)).dataSync()[0], tf.sum(tf.mul(x, g)).dataSync()[0]];
          });
          expect(Math.abs(lhs - rhs)).toBeLessThan(1e-4 * (1 + Math.abs(lhs)));
          expect(tf.memory().numTensors).toBe(before);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('nearestSources maps 4 outputs onto 2 inputs as floor(o / 2)', () => {
    expect(Array.from(nearestSources(2, 4, false, false))).toEqual([0, 0, 1, 1]);
  });
});
