/**
 * Test helper for the differential suite: every conv-like op strata uses,
 * each run on one geometry as forward output, input gradient and filter
 * gradient of sum(op(x, w) * r) for seeded x, w and r.
 */
import * as tf from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs-core';
import type { ConvGeometry } from '../support/conv-geometry.js';
import { arraysOf, seededValues, sizeOf } from './compare.js';

/** One geometry: input [n, h, w, c], filter [kh, kw, c, k], strides [sh, sw], padding. */
export interface ConvLikeCase extends ConvGeometry {
  readonly pad: 'same' | 'valid';
}

/** A conv-like op: its name and its [forward, dx, dw] (or [forward, dx]) on the active backend. */
export interface ConvLikeOp {
  readonly name: string;
  readonly run: (c: ConvLikeCase) => Float32Array[];
}

/** Whether every output axis of the case is non-empty. */
export const isValidCase = (c: ConvLikeCase): boolean =>
  backend_util
    .computeConv2DInfo([c.n, c.h, c.w, c.c], [c.kh, c.kw, c.c, c.k], [c.sh, c.sw], 1, c.pad)
    .outShape.every((d) => d > 0);

/**
 * Forward output and the gradients of sum(f(...inputs) * r) for seeded
 * inputs of `shapes`; when the backend cannot compute the gradients (no
 * kernel), only the forward output.
 */
const withGradients = (c: ConvLikeCase, shapes: number[][], f: (...xs: tf.Tensor4D[]) => tf.Tensor): Float32Array[] => {
  const inputs = (): tf.Tensor4D[] =>
    shapes.map((s, i) => tf.tensor4d(seededValues(sizeOf(s), c.seed + i), s as [number, number, number, number]));
  const forward = arraysOf(() => [f(...inputs())]);
  try {
    return forward.concat(
      arraysOf(() => {
        const xs = inputs();
        const y = f(...xs);
        const r = tf.tensor(seededValues(sizeOf(y.shape), c.seed + shapes.length), y.shape);
        return tf.grads((...as: tf.Tensor[]) => tf.sum(tf.mul(f(...(as as tf.Tensor4D[])), r)))(xs);
      }),
    );
  } catch {
    return forward;
  }
};

const strides = (c: ConvLikeCase): [number, number] => [c.sh, c.sw];

/** conv2d, depthwiseConv2d, fused conv2d (bias + relu), and nearest-neighbour resize. */
export const convLikeOps: readonly ConvLikeOp[] = [
  { name: 'conv2d', run: (c) => withGradients(c, [[c.n, c.h, c.w, c.c], [c.kh, c.kw, c.c, c.k]], (x, w) => tf.conv2d(x, w, strides(c), c.pad)) },
  {
    name: 'depthwiseConv2d',
    run: (c) => withGradients(c, [[c.n, c.h, c.w, c.c], [c.kh, c.kw, c.c, c.k]], (x, w) => tf.depthwiseConv2d(x, w, strides(c), c.pad)),
  },
  {
    name: 'fusedConv2d',
    run: (c) =>
      withGradients(c, [[c.n, c.h, c.w, c.c], [c.kh, c.kw, c.c, c.k]], (x, w) =>
        tf.fused.conv2d({ x, filter: w, strides: strides(c), pad: c.pad, bias: tf.linspace(-0.5, 0.5, c.k), activation: 'relu' })),
  },
  {
    name: 'fusedDepthwiseConv2d',
    run: (c) =>
      withGradients(c, [[c.n, c.h, c.w, c.c], [c.kh, c.kw, c.c, c.k]], (x, w) =>
        tf.fused.depthwiseConv2d({ x, filter: w, strides: strides(c), pad: c.pad, bias: tf.linspace(-0.5, 0.5, c.c * c.k), activation: 'elu' })),
  },
  {
    name: 'resizeNearestNeighbor',
    run: (c) =>
      withGradients(c, [[c.n, c.h, c.w, c.c]], (x) =>
        tf.image.resizeNearestNeighbor(x, [((c.kh + c.h * c.sh) % 17) + 1, ((c.kw + c.w * c.sw) % 13) + 1])),
  },
];
