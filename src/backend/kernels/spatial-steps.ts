/**
 * Spatial rearrangements of NHWC tensors used by the convolution gradients:
 * zero insertion (the transpose of a strided read) and cropping, each built
 * from kernels the backend runs as plain memory moves.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelScope } from '../../ops/kernel-scope.js';
import type { CropThenPad } from './backprop-geometry.js';

/**
 * Inserts `sh - 1` zero rows after every row and `sw - 1` zero columns after
 * every column of an NHWC tensor: [N, H, W, C] becomes [N, H sh, W sw, C].
 * Written as reshape to [N, H, 1, W, 1, C], zero padding of the unit axes,
 * and reshape back.
 */
export const insertZeros = (scope: KernelScope, x: TensorInfo, sh: number, sw: number): TensorInfo => {
  if (sh === 1 && sw === 1) return scope.run('Reshape', { x }, { shape: x.shape });
  const [n, h, w, c] = x.shape;
  const split = scope.run('Reshape', { x }, { shape: [n, h, 1, w, 1, c] });
  const padded = scope.run(
    'PadV2',
    { x: split },
    { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 },
  );
  return scope.run('Reshape', { x: padded }, { shape: [n, h * sh, w * sw, c] });
};

/** Crops axes 1 and 2 of a rank-4 tensor as `rows` and `cols` say (no copy when nothing is cropped). */
export const cropSpatial = (scope: KernelScope, x: TensorInfo, rows: CropThenPad, cols: CropThenPad): TensorInfo => {
  const [n, h, w, c] = x.shape;
  if (rows.cropBefore === 0 && rows.keep === h && cols.cropBefore === 0 && cols.keep === w) {
    return scope.run('Reshape', { x }, { shape: x.shape });
  }
  return scope.run('Slice', { x }, { begin: [0, rows.cropBefore, cols.cropBefore, 0], size: [n, rows.keep, cols.keep, c] });
};

/** The explicit NHWC padding attribute of a convolution from the pad parts of two axes. */
export const explicitPadding = (rows: CropThenPad, cols: CropThenPad): number[][] => [
  [0, 0],
  [rows.padBefore, rows.padAfter],
  [cols.padBefore, cols.padAfter],
  [0, 0],
];

/** A float32 tensor of zeros of `shape`: the gradient when a window reads only padding. */
export const zerosOf = (scope: KernelScope, shape: readonly number[]): TensorInfo =>
  scope.run('Fill', {}, { shape: [...shape], value: 0, dtype: 'float32' });

/** True when the crop keeps nothing on either axis (every tap reads padding only). */
export const readsOnlyPadding = (rows: CropThenPad, cols: CropThenPad): boolean => rows.keep === 0 || cols.keep === 0;
