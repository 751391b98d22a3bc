import * as tf from '@tensorflow/tfjs';

/** The values of a tensor computed inside tf.tidy, as plain numbers (the tensor is disposed). */
export const valuesOf = (f: () => tf.Tensor): number[] => {
  const t = tf.tidy(f);
  const out = Array.from(t.dataSync());
  t.dispose();
  return out;
};

/** The shape of a tensor computed inside tf.tidy (the tensor is disposed). */
export const shapeOf = (f: () => tf.Tensor): number[] => {
  const t = tf.tidy(f);
  const out = [...t.shape];
  t.dispose();
  return out;
};

/** Absolute difference allowed between a float32 result and its float64 reference: abs + rel * |reference|. */
export const tolerance = (reference: number, abs: number, rel: number): number => abs + rel * Math.abs(reference);

/** True when `actual` is within `abs + rel * |expected|` of `expected`. */
export const close = (actual: number, expected: number, abs: number, rel: number): boolean =>
  Math.abs(actual - expected) <= tolerance(expected, abs, rel);

/** Math.fround'ed float bounds for fast-check float arbitraries. */
export const f32 = (min: number, max: number): { min: number; max: number; noNaN: true; noDefaultInfinity: true } => ({
  min: Math.fround(min),
  max: Math.fround(max),
  noNaN: true,
  noDefaultInfinity: true,
});

/** Largest |a - b| over all entries of several pairs of tensors. */
export const maxDiff = (pairs: ReadonlyArray<readonly [tf.Tensor, tf.Tensor]>): number =>
  Math.max(...pairs.map(([a, b]) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0])));
