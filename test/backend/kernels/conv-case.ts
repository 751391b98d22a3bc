/**
 * Test helper: random convolution cases (shapes, strides 1 to 3 per axis,
 * dilations, 'same' / 'valid' / explicit padding) and their gradients on
 * wasm and cpu.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { backend_util } from '@tensorflow/tfjs-core';
import { convGeometryFields } from '../../support/conv-geometry.js';
import { runOn, seededValues } from './wasm-vs-cpu.js';

/** One convolution: input [n, h, w, c], filter [kh, kw, c, k] (k: out channels or multiplier). */
export interface ConvCase {
  readonly x: [number, number, number, number];
  readonly filter: [number, number, number, number];
  readonly strides: [number, number];
  readonly dilations: [number, number];
  readonly pad: 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];
  readonly seed: number;
}

const padArb = fc.oneof(
  fc.constant<'same'>('same'),
  fc.constant<'valid'>('valid'),
  fc
    .tuple(fc.nat(2), fc.nat(2), fc.nat(2), fc.nat(2))
    .map(([t, b, l, r]): ConvCase['pad'] => [[0, 0], [t, b], [l, r], [0, 0]]),
);

const outputSize = (c: ConvCase, depthwise: boolean): number[] =>
  backend_util.computeConv2DInfo(c.x, c.filter, c.strides, c.dilations, c.pad, undefined, depthwise).outShape;

/** Random valid cases: strides or dilations are all 1 (as tfjs requires), every output axis is non-empty. */
export const convCaseArb = (depthwise: boolean): fc.Arbitrary<ConvCase> =>
  fc
    .record({ ...convGeometryFields({ batch: 3, map: 10, channels: 4, kernel: 4, step: 3 }), strided: fc.boolean(), pad: padArb })
    .map(({ n, h, w, c, k, kh, kw, strided, sh, sw, pad, seed }): ConvCase => ({
      x: [n, h, w, c],
      filter: [kh, kw, c, k],
      strides: strided ? [sh, sw] : [1, 1],
      dilations: strided ? [1, 1] : [sh, sw],
      pad,
      seed,
    }))
    .filter((c) => outputSize(c, depthwise).every((d) => d > 0));

/**
 * Gradients of sum(conv(x, w) * r) with respect to x and w on `backend`,
 * for seeded x, w and r (so dy = r is a generic tensor).
 */
export const convGradients = (c: ConvCase, depthwise: boolean, backend: 'wasm' | 'cpu'): Promise<Float32Array[]> => {
  const out = outputSize(c, depthwise);
  const size = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
  const xs = seededValues(size(c.x), c.seed);
  const ws = seededValues(size(c.filter), c.seed + 1);
  const rs = seededValues(size(out), c.seed + 2);
  return runOn(backend, () =>
    tf.tidy(() => {
      const r = tf.tensor(rs, out);
      const loss = (x: tf.Tensor, w: tf.Tensor): tf.Scalar => {
        const y = depthwise
          ? tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.strides, c.pad, 'NHWC', c.dilations)
          : tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.strides, c.pad, 'NHWC', c.dilations);
        return tf.sum(tf.mul(y, r));
      };
      return tf.grads(loss)([tf.tensor4d(xs, c.x), tf.tensor4d(ws, c.filter)]);
    }),
  );
};
