/**
 * Streaming IWAE evaluation of the small VAE (`vaeSpec`, untrained seeded
 * weights) on seeded random binary images: images per second of
 * `iwaeStreaming`, and the memory of the same loop replicated here with a
 * probe after each chunk (src/inference/evaluate.ts has no per-chunk hook):
 * peak tf.memory().numBytes while a chunk's traces are alive, after each
 * chunk, and peak process RSS.
 */
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';
import { initParams, iwaeStreaming, logWeights, trace, type Model, type ParamStore } from '../src/index.js';
import { deriveSeed } from '../src/random/prng.js';
import { randomImages, validated } from './dsl-trainer.js';
import { vaeSpec } from './hand-vae.js';

/** Throughput of `iwaeStreaming` at one K. */
export interface IwaeSpeedRow {
  readonly k: number;
  readonly chunk: number;
  readonly batch: number;
  readonly seconds: number;
  readonly imagesPerSecond: number;
}

/** Memory of the streaming loop at one K. */
export interface IwaeMemoryRow {
  readonly k: number;
  readonly chunk: number;
  readonly batch: number;
  /** Max tf.memory().numBytes inside a chunk, with its traces alive. */
  readonly peakBytesInChunk: number;
  /** Max tf.memory().numBytes after a chunk (the running accumulators). */
  readonly peakBytesAfterChunk: number;
  /** Max process RSS after a chunk (the wasm heap only grows, so RSS is monotone within one process). */
  readonly peakRss: number;
  /** Largest |L_K difference| from iwaeStreaming with the same seed: 0 when the replica is faithful. */
  readonly maxDiffFromLibrary: number;
}

/** The loop of iwaeStreaming, with `probe(inChunk)` after each chunk's log-weights and after each chunk. */
const streamWithProbe = (model: Model, params: ParamStore, x: tf.Tensor, k: number, chunk: number, seed: number, probe: (inChunk: boolean) => void): Float32Array => {
  let acc: { max: tf.Tensor1D; sum: tf.Tensor1D } | undefined;
  for (let done = 0, c = 0; done < k; done += chunk, c++) {
    const size = Math.min(chunk, k - done);
    const next = tf.tidy(() => {
      const lw = logWeights(trace(model, params, { x }, { k: size, seed: deriveSeed(seed, c) }));
      probe(true);
      const chunkMax = tf.max(lw, 0) as tf.Tensor1D;
      if (acc === undefined) return { max: chunkMax, sum: tf.sum(tf.exp(tf.sub(lw, chunkMax)), 0) as tf.Tensor1D };
      const max = tf.maximum(acc.max, chunkMax) as tf.Tensor1D;
      const sum = tf.add(tf.mul(acc.sum, tf.exp(tf.sub(acc.max, max))), tf.sum(tf.exp(tf.sub(lw, max)), 0)) as tf.Tensor1D;
      return { max, sum };
    });
    if (acc !== undefined) tf.dispose([acc.max, acc.sum]);
    acc = next;
    probe(false);
  }
  const a = acc!;
  const out = tf.tidy(() => tf.sub(tf.add(a.max, tf.log(a.sum)), Math.log(k)));
  const values = Float32Array.from(out.dataSync());
  tf.dispose([a.max, a.sum, out]);
  return values;
};

/** Images per second of iwaeStreaming at `k` (after one warm-up evaluation at K = chunk) and the memory rows at each of `memoryKs`. */
export const iwaeBench = (batch: number, k: number, chunk: number, memoryKs: readonly number[]): { speed: IwaeSpeedRow; memory: IwaeMemoryRow[] } => {
  const model = validated(vaeSpec);
  const params = initParams(model, 3);
  const x = randomImages(model, batch, 4);
  try {
    iwaeStreaming(model, params, { x }, { k: chunk, chunk, seed: 5 });
    const t0 = performance.now();
    iwaeStreaming(model, params, { x }, { k, chunk, seed: 5 });
    const seconds = (performance.now() - t0) / 1000;
    const memory = memoryKs.map((mk): IwaeMemoryRow => {
      let inChunk = 0;
      let afterChunk = 0;
      let rss = 0;
      const replica = streamWithProbe(model, params, x, mk, chunk, 6, (inside) => {
        const bytes = tf.memory().numBytes;
        if (inside) inChunk = Math.max(inChunk, bytes);
        else {
          afterChunk = Math.max(afterChunk, bytes);
          rss = Math.max(rss, process.memoryUsage().rss);
        }
      });
      const library = mk <= 1000 ? iwaeStreaming(model, params, { x }, { k: mk, chunk, seed: 6 }) : undefined;
      const diff = library === undefined ? NaN : Math.max(...replica.map((v, i) => Math.abs(v - library[i])));
      return { k: mk, chunk, batch, peakBytesInChunk: inChunk, peakBytesAfterChunk: afterChunk, peakRss: rss, maxDiffFromLibrary: diff };
    });
    return { speed: { k, chunk, batch, seconds, imagesPerSecond: batch / seconds }, memory };
  } finally {
    x.dispose();
    params.forEach((v) => v.dispose());
  }
};
