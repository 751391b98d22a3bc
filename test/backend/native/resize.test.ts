import * as tf from '@tensorflow/tfjs';
import { ResizeNearestNeighbor, ResizeNearestNeighborGrad } from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  resizeNearestNeighborGradKernel, resizeNearestNeighborKernel,
} from '../../../src/backend/native/resize.js';
import { byImage, withoutFallback } from './native-only.js';
import { compareWithCpu, floats, skipReason } from './reference.js';

/**
 * A random resize, up or down, odd and even sizes. tfjs forbids alignCorners
 * with halfPixelCenters; its cpu gradient never ends for alignCorners from a
 * height or width of 1 to more, so those are left out.
 */
const resizing = fc.record({
  batch: fc.integer({ min: 1, max: 3 }),
  height: fc.integer({ min: 1, max: 7 }),
  width: fc.integer({ min: 1, max: 7 }),
  channels: fc.integer({ min: 1, max: 3 }),
  newHeight: fc.integer({ min: 1, max: 15 }),
  newWidth: fc.integer({ min: 1, max: 15 }),
  flags: fc.constantFrom<[boolean, boolean]>([false, false], [true, false], [false, true]),
}).filter((c) => !(c.flags[0] && ((c.height === 1 && c.newHeight > 1) ||
  (c.width === 1 && c.newWidth > 1)))).chain((c) => fc.record({
  c: fc.constant(c),
  x: floats(c.batch * c.height * c.width * c.channels),
  dy: floats(c.batch * c.newHeight * c.newWidth * c.channels),
}));

type Gradient = (x: tf.Tensor, dy: tf.Tensor) => tf.Tensor;

/**
 * The gradient one image at a time, the cpu reference: tfjs's cpu kernel
 * reads dy at the images' batch stride, wrong beyond the first image.
 */
const gradByImage = (grad: Gradient, x: tf.Tensor, dy: tf.Tensor): tf.Tensor[] => {
  const dys = tf.unstack(dy);
  return tf.unstack(x).map((image, b) => grad(image.expandDims(0), dys[b].expandDims(0)));
};

describe.skipIf(skipReason !== '')(`native nearest-neighbour resizing${skipReason}`, () => {
  it('ResizeNearestNeighbor matches cpu, alignCorners and halfPixelCenters', async () => {
    await fc.assert(fc.asyncProperty(resizing, async ({ c, x }) => {
      const { error, leaked } = await compareWithCpu(() => tf.image.resizeNearestNeighbor(
        tf.tensor4d(x, [c.batch, c.height, c.width, c.channels]), [c.newHeight, c.newWidth],
        ...c.flags));
      expect(error).toBeLessThan(1e-4);
      expect(leaked).toBe(0);
    }), { numRuns: 150 });
  });

  it('ResizeNearestNeighborGrad matches cpu, which ignores halfPixelCenters', async () => {
    await fc.assert(fc.asyncProperty(resizing, async ({ c, x, dy }) => {
      const grad: Gradient = tf.grad((images: tf.Tensor) => tf.image.resizeNearestNeighbor(
        images as tf.Tensor4D, [c.newHeight, c.newWidth], ...c.flags));
      const images = (): tf.Tensor => tf.tensor4d(x, [c.batch, c.height, c.width, c.channels]);
      const dys = (): tf.Tensor => tf.tensor4d(dy, [c.batch, c.newHeight, c.newWidth, c.channels]);
      const { error, leaked } = await compareWithCpu(() => grad(images(), dys()),
        () => tf.concat(gradByImage(grad, images(), dys())));
      expect(error).toBeLessThan(1e-4);
      expect(leaked).toBe(0);
    }), { numRuns: 150 });
  });

  it('upscales [4, 28, 28, 16] maps to 56 x 56 and back natively, as the model does', async () => {
    const upscale = (images: tf.Tensor): tf.Tensor =>
      tf.image.resizeNearestNeighbor(images as tf.Tensor4D, [56, 56]);
    const maps = (): [tf.Tensor, tf.Tensor] => [
      tf.randomUniform([4, 28, 28, 16], -1, 1, 'float32', 0),
      tf.randomUniform([4, 56, 56, 16], -1, 1, 'float32', 1),
    ];
    const forwardBackward = (): tf.Tensor[] => {
      const [x, dy] = maps();
      return byImage([upscale(x), tf.grad(upscale)(x, dy)]);
    };
    const reference = (): tf.Tensor[] => {
      const [x, dy] = maps();
      return [...tf.unstack(upscale(x)), ...gradByImage(tf.grad(upscale), x, dy)];
    };
    const { error, leaked } = await withoutFallback(ResizeNearestNeighbor,
      resizeNearestNeighborKernel, () => withoutFallback(ResizeNearestNeighborGrad,
        resizeNearestNeighborGradKernel, () => compareWithCpu(forwardBackward, reference)));
    expect(error).toBeLessThan(1e-4);
    expect(leaked).toBe(0);
  });
});
