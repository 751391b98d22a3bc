import * as tf from '@tensorflow/tfjs';

/** Sums a per-element tensor [N, ...event] over its event axes, giving [N]. */
export const sumEvent = (t: tf.Tensor): tf.Tensor1D =>
  (t.rank === 1 ? t : tf.sum(t, Array.from({ length: t.rank - 1 }, (_, i) => i + 1))) as tf.Tensor1D;

/** Splits the last axis of `t` into `parts` equal chunks. */
export const splitLast = (t: tf.Tensor, parts: number): tf.Tensor[] => tf.split(t, parts, t.rank - 1);

/** log(2 pi) / 2, the Normal log-density constant. */
export const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
