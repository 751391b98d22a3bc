import * as tf from '@tensorflow/tfjs';
import type { Model } from '../dsl/model.js';
import type { ParamStore } from '../dsl/params.js';
import { deriveSeed } from '../random/prng.js';
import { logWeights } from './objectives/log-weights.js';
import { trace, type Batch } from './trace.js';

/** Options of a streaming importance-weighted evaluation. */
export interface StreamingOptions {
  /** Total importance samples K (e.g. 1000 or 5000). */
  readonly k: number;
  /** Samples per chunk; peak memory grows with the chunk, not with K (default 100). */
  readonly chunk?: number;
  readonly seed: number;
  /** Latents resampled from the prior (the set S of L^{>k}); empty for L_K. */
  readonly resample?: ReadonlySet<string>;
  /**
   * Called twice per chunk: with `traced` true while the chunk's traces are
   * alive, false once they are freed (for memory probes; it must not keep tensors).
   */
  readonly onChunk?: (event: { readonly index: number; readonly done: number; readonly traced: boolean }) => void;
}

/**
 * L_K per datum, streamed over chunks of K (Burda et al. 2016):
 * L_K = log (1/K) sum_k w_k, accumulated as a running logsumexp
 * m <- max(m, max_c), s <- s e^{m_old - m} + sum_c e^{log w_c - m}, so only
 * one chunk of traces is alive at a time. With `resample` = S it is the
 * importance-weighted partial-prior bound L^{>k}.
 */
export const iwaeStreaming = (model: Model, params: ParamStore, batch: Batch, options: StreamingOptions): Float32Array => {
  const chunk = Math.max(1, Math.min(options.chunk ?? 100, options.k));
  if (!Number.isInteger(options.k) || options.k < 1) throw new Error(`iwaeStreaming: k must be a positive integer, got ${options.k}`);
  let acc: { max: tf.Tensor1D; sum: tf.Tensor1D } | undefined;
  for (let done = 0, c = 0; done < options.k; done += chunk, c++) {
    const size = Math.min(chunk, options.k - done);
    const next = tf.tidy(() => {
      const resample = options.resample;
      const lw = logWeights(trace(model, params, batch, { k: size, seed: deriveSeed(options.seed, c), ...(resample ? { resample } : {}) }));
      options.onChunk?.({ index: c, done: done + size, traced: true });
      const chunkMax = tf.max(lw, 0);
      if (acc === undefined) return { max: chunkMax, sum: tf.sum(tf.exp(tf.sub(lw, chunkMax)), 0) } as { max: tf.Tensor1D; sum: tf.Tensor1D };
      const max = tf.maximum(acc.max, chunkMax);
      const sum = tf.add(tf.mul(acc.sum, tf.exp(tf.sub(acc.max, max))), tf.sum(tf.exp(tf.sub(lw, max)), 0));
      return { max, sum } as { max: tf.Tensor1D; sum: tf.Tensor1D };
    });
    if (acc !== undefined) tf.dispose([acc.max, acc.sum]);
    acc = next;
    options.onChunk?.({ index: c, done: done + size, traced: false });
  }
  const a = acc!;
  const out = tf.tidy(() => tf.sub(tf.add(a.max, tf.log(a.sum)), Math.log(options.k)));
  const values = out.dataSync() as Float32Array;
  tf.dispose([a.max, a.sum, out]);
  return Float32Array.from(values);
};
