/**
 * The machine's measured sgemm peak, the yardstick of every GFLOP/s figure:
 * a large square float32 product (n = 2048 by default, 17.2 GFLOP) through
 * tf.matMul on the current backend, median of several runs after a warm-up.
 * On native that is OpenBLAS with the backend's threads; on wasm, XNNPACK on
 * one thread. The result is read back, so the time covers the product.
 */
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';
import { median } from './timing.js';

/** A measured peak. */
export interface Peak {
  readonly n: number;
  readonly runs: number;
  readonly medianMs: number;
  readonly gflops: number;
}

/** GFLOP/s of an n x n x n float32 product on the current backend (2 n^3 FLOP per product). */
export const sgemmPeak = async (n = 2048, runs = 5): Promise<Peak> => {
  const a = tf.randomUniform([n, n], -1, 1, 'float32', 1);
  const b = tf.randomUniform([n, n], -1, 1, 'float32', 2);
  const once = async (): Promise<number> => {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    await c.data();
    const ms = performance.now() - t0;
    c.dispose();
    return ms;
  };
  try {
    await once();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await once());
    const medianMs = median(times);
    return { n, runs, medianMs, gflops: (2 * n ** 3) / (medianMs * 1e6) };
  } finally {
    a.dispose();
    b.dispose();
  }
};
