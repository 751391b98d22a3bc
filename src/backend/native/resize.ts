/**
 * Nearest-neighbour resizing (tf.image.resizeNearestNeighbor) of NHWC
 * float32 images and its gradient, with tfjs's rounding of source positions.
 * wasm's gradient searches a window of dy for every element of dx: about
 * 100 ms for a [48, 14, 14, 160] map upscaled to 28 x 28. Like every tfjs
 * backend, the gradient ignores halfPixelCenters. Other dtypes and empty
 * images go to the wasm kernels.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelFactory } from './addon.js';
import { heapOf, offsetOf, sizeOf } from './heap.js';

/** True for the NHWC float32 images the native kernels take. */
function handled(images: TensorInfo): boolean {
  return images.dtype === 'float32' && images.shape.length === 4 && sizeOf(images.shape) > 0;
}

/** The ResizeNearestNeighbor kernel. */
export const resizeNearestNeighborKernel: KernelFactory = (addon, fallback) => (args) => {
  const { images } = args.inputs as { images: TensorInfo };
  const { alignCorners, halfPixelCenters, size } = args.attrs as
    { alignCorners: boolean; halfPixelCenters: boolean; size: [number, number] };
  if (!handled(images)) return fallback(args);
  const [outHeight, outWidth] = size;
  if (!(Number.isInteger(outHeight) && outHeight >= 0 && Number.isInteger(outWidth) &&
    outWidth >= 0)) {
    throw new Error(`ResizeNearestNeighbor: size must be two non-negative integers, got [${size}]`);
  }
  const [batch, height, width, channels] = images.shape;
  const backend = args.backend as BackendWasm;
  const out = backend.makeOutput([batch, outHeight, outWidth, channels], 'float32');
  addon.resizeNearestNeighbor(heapOf(backend), offsetOf(backend, images), offsetOf(backend, out),
    batch, height, width, channels, outHeight, outWidth, Number(alignCorners),
    Number(halfPixelCenters));
  return out;
};

/** The ResizeNearestNeighborGrad kernel: dx for `images` from `dy`. */
export const resizeNearestNeighborGradKernel: KernelFactory = (addon, fallback) => (args) => {
  const { images, dy } = args.inputs as { images: TensorInfo; dy: TensorInfo };
  const { alignCorners } = args.attrs as { alignCorners: boolean };
  if (!handled(images) || dy.dtype !== 'float32') return fallback(args);
  const [batch, height, width, channels] = images.shape;
  if (dy.shape.length !== 4 || dy.shape[0] !== batch || dy.shape[3] !== channels) {
    throw new Error(`ResizeNearestNeighborGrad: dy of shape [${dy.shape}] does not match ` +
      `images of shape [${images.shape}] in batch and channels`);
  }
  const backend = args.backend as BackendWasm;
  const dx = backend.makeOutput([...images.shape], 'float32');
  addon.resizeNearestNeighborGrad(heapOf(backend), offsetOf(backend, dy), offsetOf(backend, dx),
    batch, height, width, channels, dy.shape[1], dy.shape[2], Number(alignCorners));
  return dx;
};
