/**
 * Test helper for the differential suite: seeded data, running one
 * computation on a named backend, and the error measure with its tolerance.
 */
import * as tf from '@tensorflow/tfjs';
import { prng } from '../../src/random/prng.js';

/**
 * The kernel tolerance of the differential suite: max |a - b| / max(|a|, 1e-6)
 * over an output. float32 sums of up to a few hundred products in a
 * different order differ by about 1e-6 relative; 1e-4 leaves room for that
 * and still catches any wrong tap, padding or stride (errors of order 1).
 */
export const KERNEL_TOLERANCE = 1e-4;

/** `size` uniform values in [-1, 1) from `seed`. */
export const seededValues = (size: number, seed: number): Float32Array => {
  const rng = prng(seed);
  return Float32Array.from({ length: size }, () => 2 * rng.next() - 1);
};

/** The product of a shape's dimensions. */
export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Runs `f` inside tf.tidy on the active backend and returns its outputs as arrays; no tensor survives. */
export const arraysOf = (f: () => tf.Tensor[]): Float32Array[] => {
  const outs = tf.tidy(f);
  const arrays = outs.map((t) => Float32Array.from(t.dataSync() as Float32Array));
  tf.dispose(outs);
  return arrays;
};

/**
 * max |a - b| / max(max |a|, 1e-6): the error of `b` relative to the size of
 * `a`; Infinity when the lengths differ or exactly one of a pair is NaN or
 * the two disagree on an infinity.
 */
export const relativeError = (a: Float32Array, b: Float32Array | undefined): number => {
  if (b === undefined || a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = 1e-6;
  for (let i = 0; i < a.length; i += 1) {
    if (!Number.isFinite(a[i]) || !Number.isFinite(b[i])) {
      if (!Object.is(a[i], b[i]) && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return Infinity;
      continue;
    }
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(a[i]));
  }
  return diff / scale;
};
