import * as tf from '@tensorflow/tfjs';
import type { Model } from '../dsl/model.js';
import type { ParamStore } from '../dsl/params.js';
import { deriveSeed } from '../random/prng.js';
import { logAddExp, logSumExp } from './log-space.js';
import { readKept } from './read.js';
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
 * log (1/K) sum_k w_k per datum [B] from log-weights produced chunk by chunk:
 * `chunkLogWeights(index, size)` returns the [size, B] log-weights of chunk
 * `index` (called inside tf.tidy, so its tensors are freed before the next
 * chunk). The chunks' logsumexps are combined by log(e^a + e^b), so a chunk
 * whose log-weights are all -inf adds nothing (no NaN), and a datum with no
 * finite log-weight in any chunk gets -inf. `afterChunk(index, done)` runs
 * once a chunk's tensors are freed. K must be a positive integer.
 */
export const streamLogMeanExp = (
  k: number,
  chunk: number,
  chunkLogWeights: (index: number, size: number, done: number) => tf.Tensor2D,
  afterChunk?: (index: number, done: number) => void,
): Promise<Float32Array> => {
  if (!Number.isInteger(k) || k < 1) throw new Error(`iwaeStreaming: k must be a positive integer, got ${k}`);
  let acc: tf.Tensor1D | undefined;
  for (let done = 0, c = 0; done < k; done += chunk, c++) {
    const size = Math.min(chunk, k - done);
    const previous = acc;
    acc = tf.tidy(() => {
      const lse = logSumExp(chunkLogWeights(c, size, done), 0);
      return (previous === undefined ? lse : logAddExp(previous, lse)) as tf.Tensor1D;
    });
    previous?.dispose();
    afterChunk?.(c, done + size);
  }
  const out = tf.tidy(() => tf.sub(acc!, Math.log(k)));
  acc!.dispose();
  return readKept(out);
};

/** The most floats of one node's distribution parameters a chunk may hold (256 MiB). */
export const CHUNK_PARAMETER_FLOATS = 2 ** 26;

/**
 * The samples per chunk: `requested`, at most K, and at most what keeps the
 * largest node's distribution parameters for one chunk ([chunk x rows x
 * ...shape x classes] logits for a Categorical, about 3 floats per element
 * otherwise) within {@link CHUNK_PARAMETER_FLOATS}, and at least 1. A text
 * model's logits over a 20,004-word vocabulary at 41 positions are 820K
 * floats per sample and datum, so a batch of 50 takes one sample per chunk
 * (164 MB) where 100 would need 16 GB.
 */
export const chunkWithin = (model: Model, rows: number, requested: number, k: number): number => {
  const perSample = Math.max(1, ...[...model.nodes.values()].map((n) => {
    const elements = n.shape.reduce((a, b) => a * b, 1);
    return n.dist === undefined ? 0 : elements * (n.dist.family === 'categorical' ? n.dist.classes : 3);
  }));
  return Math.max(1, Math.min(requested, k, Math.floor(CHUNK_PARAMETER_FLOATS / (Math.max(1, rows) * perSample))));
};

/**
 * L_K per datum, streamed over chunks of K (Burda et al. 2016):
 * L_K = log (1/K) sum_k w_k, accumulated over chunks by {@link streamLogMeanExp},
 * so only one chunk of traces is alive at a time, its size bounded by
 * {@link chunkWithin}. With `resample` = S it is the importance-weighted
 * partial-prior bound L^{>k}.
 */
export const iwaeStreaming = (model: Model, params: ParamStore, batch: Batch, options: StreamingOptions): Promise<Float32Array> => {
  const rows = Object.values(batch)[0]?.shape[0] ?? 1;
  const chunk = chunkWithin(model, rows, options.chunk ?? 100, options.k);
  const resample = options.resample;
  return streamLogMeanExp(options.k, chunk, (c, size, done) => {
    const lw = logWeights(trace(model, params, batch, { k: size, seed: deriveSeed(options.seed, c), ...(resample ? { resample } : {}) }));
    options.onChunk?.({ index: c, done: done + size, traced: true });
    return lw;
  }, (index, done) => options.onChunk?.({ index, done, traced: false }));
};
