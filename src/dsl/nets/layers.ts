import * as tf from '@tensorflow/tfjs';
import { HEAD_GAIN, type ParamDecl, type ParamLookup } from './net.js';

/**
 * Parameters of a dense layer `prefix`: w [in, out] (Glorot), b [out], and
 * with weight normalization a gain g [out] initialized to the column norms of
 * w. An output `head` starts HEAD_GAIN smaller (its w, or its g when normalized).
 */
export const denseParams = (prefix: string, inputs: number, outputs: number, weightNorm: boolean, head = false): ParamDecl[] => [
  { name: `${prefix}/w`, shape: [inputs, outputs], init: head && !weightNorm ? 'head' : 'glorot' },
  { name: `${prefix}/b`, shape: [outputs], init: 'zeros' },
  ...(weightNorm
    ? [{ name: `${prefix}/g`, shape: [outputs], init: { normOf: `${prefix}/w`, axes: [0], scale: head ? HEAD_GAIN : 1 } } as ParamDecl]
    : []),
];

/** Weight normalization (Salimans & Kingma 2016): w = g v / ||v||, norms over `axes`. */
const normalized = (v: tf.Tensor, g: tf.Tensor, axes: number[]): tf.Tensor =>
  tf.mul(v, tf.div(g, tf.sqrt(tf.add(tf.sum(tf.square(v), axes), 1e-12))));

/** x [N, in] -> x w + b, with w weight-normalized when `weightNorm`. */
export const dense = (get: ParamLookup, prefix: string, x: tf.Tensor, weightNorm: boolean): tf.Tensor => {
  const v = get(`${prefix}/w`);
  const w = weightNorm ? normalized(v, get(`${prefix}/g`), [0]) : v;
  return tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), get(`${prefix}/b`));
};

/**
 * Parameters of a weight-normalized k x k convolution `prefix`: w [k, k, in, out],
 * b [out], g [out] = `gain` times the initial filter norms (a small gain on
 * residual branches keeps deep ladders stable at initialization).
 */
export const convParams = (prefix: string, kernel: number, inputs: number, outputs: number, gain = 1): ParamDecl[] => [
  { name: `${prefix}/w`, shape: [kernel, kernel, inputs, outputs], init: 'glorot' },
  { name: `${prefix}/b`, shape: [outputs], init: 'zeros' },
  { name: `${prefix}/g`, shape: [outputs], init: { normOf: `${prefix}/w`, axes: [0, 1, 2], scale: gain } },
];

/** Weight-normalized 'same'-padded convolution of x [N, h, w, in] with `stride`. */
export const conv = (get: ParamLookup, prefix: string, x: tf.Tensor, stride: number): tf.Tensor => {
  const w = normalized(get(`${prefix}/w`), get(`${prefix}/g`), [0, 1, 2]);
  return tf.add(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, 'same'), get(`${prefix}/b`));
};

/** Output extent of a 'same' convolution with `stride` over an extent `n`. */
export const sameOut = (n: number, stride: number): number => Math.ceil(n / stride);
