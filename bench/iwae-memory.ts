/**
 * Streaming IWAE evaluation of the small VAE (`vaeSpec`, untrained seeded
 * weights) on seeded random binary images: images per second of
 * `iwaeStreaming`, and its memory through its `onChunk` probe: peak
 * tf.memory().numBytes while a chunk's traces are alive, after each chunk,
 * and peak process RSS.
 */
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';
import { initParams, iwaeStreaming } from '../src/index.js';
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
}

/** Images per second of iwaeStreaming at `k` (after one warm-up evaluation at K = chunk) and the memory rows at each of `memoryKs`. */
export const iwaeBench = async (batch: number, k: number, chunk: number, memoryKs: readonly number[]): Promise<{ speed: IwaeSpeedRow; memory: IwaeMemoryRow[] }> => {
  const model = validated(vaeSpec);
  const params = initParams(model, 3);
  const x = randomImages(model, batch, 4);
  try {
    await iwaeStreaming(model, params, { x }, { k: chunk, chunk, seed: 5 });
    const t0 = performance.now();
    await iwaeStreaming(model, params, { x }, { k, chunk, seed: 5 });
    const seconds = (performance.now() - t0) / 1000;
    const memory: IwaeMemoryRow[] = [];
    for (const mk of memoryKs) {
      let inChunk = 0;
      let afterChunk = 0;
      let rss = 0;
      await iwaeStreaming(model, params, { x }, {
        k: mk,
        chunk,
        seed: 6,
        onChunk: ({ traced }) => {
          const bytes = tf.memory().numBytes;
          if (traced) inChunk = Math.max(inChunk, bytes);
          else {
            afterChunk = Math.max(afterChunk, bytes);
            rss = Math.max(rss, process.memoryUsage().rss);
          }
        },
      });
      memory.push({ k: mk, chunk, batch, peakBytesInChunk: inChunk, peakBytesAfterChunk: afterChunk, peakRss: rss });
    }
    return { speed: { k, chunk, batch, seconds, imagesPerSecond: batch / seconds }, memory };
  } finally {
    x.dispose();
    params.forEach((v) => v.dispose());
  }
};
