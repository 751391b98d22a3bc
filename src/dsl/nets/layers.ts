import * as tf from '@tensorflow/tfjs';
import { activate } from './activation.js';
import { affine, isFusable } from '../../ops/affine.js';
import { HEAD_GAIN, type Activation, type ParamDecl, type ParamLookup } from './net.js';

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

/** The per-output scale g / ||v|| of weight normalization, norms over `axes`. */
const weightNormScale = (v: tf.Tensor, g: tf.Tensor, axes: number[]): tf.Tensor =>
  tf.div(g, tf.sqrt(tf.add(tf.sum(tf.square(v), axes), 1e-12)));

/**
 * A weight-normalized linear map (Salimans & Kingma 2016), w = v g / ||v||
 * with one scale per output channel. Because the map is linear,
 * apply(x, v g / ||v||) = apply(x, v) g / ||v||: the scale goes on the
 * smaller of the weight and the output (a batch of 48 rows through a
 * 512 x 512 layer scales 48 x 512 outputs instead of 512 x 512 weights, on
 * the forward and the backward pass).
 */
const normalizedApply = (v: tf.Tensor, g: tf.Tensor, axes: number[], outputRows: number,
  apply: (w: tf.Tensor) => tf.Tensor): tf.Tensor => {
  const scale = weightNormScale(v, g, axes);
  const weightRows = v.size / v.shape[v.rank - 1];
  return outputRows < weightRows ? tf.mul(apply(v), scale) : apply(tf.mul(v, scale));
};

/** x [N, in] -> x w + b, with w weight-normalized when `weightNorm`. */
export const dense = (get: ParamLookup, prefix: string, x: tf.Tensor, weightNorm: boolean): tf.Tensor =>
  denseActivated(get, prefix, x, weightNorm, 'linear');

/**
 * x [N, in] -> act(x w + b): one fused op ({@link affine}) when w is not
 * weight-normalized and the activation fuses, tfjs ops otherwise.
 */
export const denseActivated = (get: ParamLookup, prefix: string, x: tf.Tensor, weightNorm: boolean,
  activation: Activation): tf.Tensor => {
  const v = get(`${prefix}/w`);
  const b = get(`${prefix}/b`);
  if (!weightNorm && isFusable(activation)) return affine(x, v, b, activation);
  const product = (w: tf.Tensor): tf.Tensor => tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D);
  const y = weightNorm ? normalizedApply(v, get(`${prefix}/g`), [0], x.shape[0], product) : product(v);
  return activate(activation, tf.add(y, b));
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
  const [n, h, w] = x.shape;
  const outputRows = n * sameOut(h, stride) * sameOut(w, stride);
  const convolve = (filter: tf.Tensor): tf.Tensor => tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, stride, 'same');
  return tf.add(normalizedApply(get(`${prefix}/w`), get(`${prefix}/g`), [0, 1, 2], outputRows, convolve), get(`${prefix}/b`));
};

/** Output extent of a 'same' convolution with `stride` over an extent `n`. */
export const sameOut = (n: number, stride: number): number => Math.ceil(n / stride);
