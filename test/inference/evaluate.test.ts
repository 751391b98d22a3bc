import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { disposeParams } from '../../src/dsl/params.js';
import { CHUNK_PARAMETER_FLOATS, chunkWithin, iwaeStreaming, streamLogMeanExp, type StreamingOptions } from '../../src/inference/evaluate.js';
import { categorical, embedding, lstm, model, normal, prior } from '../../src/dsl/index.js';
import { validate } from '../../src/dsl/validate.js';
import { iwaePerDatum } from '../../src/inference/objectives/iwae.js';
import { logWeights } from '../../src/inference/objectives/log-weights.js';
import { trace } from '../../src/inference/trace.js';
import { deriveSeed } from '../../src/random/prng.js';
import { data, exactPosterior, generative, linearGaussian, paramsOf, perturbed } from '../support/linear-gaussian.js';

const m = linearGaussian(2, 3);
const params = paramsOf(m, generative, perturbed(exactPosterior(generative)));
const batch = { x: tf.tensor2d(data.map((r) => [...r])) };
afterAll(() => {
  disposeParams(params);
  batch.x.dispose();
});

/** Float32 tolerance of a logsumexp over up to 1000 log-weights of a few nats. */
const FLOAT32_NATS = 1e-4;

/** Peak tf.memory().numBytes above the starting level while `options` is evaluated. */
const peakBytes = async (options: StreamingOptions): Promise<number> => {
  const start = tf.memory().numBytes;
  const profile = await tf.profile(async () => {
    await iwaeStreaming(m, params, batch, options);
    return [];
  });
  return profile.peakBytes - start;
};

describe('iwaeStreaming (streamed L_K)', () => {
  it('calls onChunk while each chunk is traced and after it is freed, with the samples done so far', async () => {
    // Arrange
    const events: string[] = [];
    const tensorsAt: { traced: boolean; n: number }[] = [];
    // Act
    await iwaeStreaming(m, params, batch, {
      k: 250,
      chunk: 100,
      seed: 4,
      onChunk: ({ index, done, traced }) => {
        events.push(`${index}:${done}:${traced ? 'traced' : 'freed'}`);
        tensorsAt.push({ traced, n: tf.memory().numTensors });
      },
    });
    // Assert
    expect(events).toEqual(['0:100:traced', '0:100:freed', '1:200:traced', '1:200:freed', '2:250:traced', '2:250:freed']);
    const freed = tensorsAt.filter((e) => !e.traced).map((e) => e.n);
    expect(new Set(freed.slice(1)).size).toBe(1);
    expect(tensorsAt[0].n).toBeGreaterThan(freed[0]);
  });

  it('with one chunk (chunk >= K) equals iwaePerDatum of the trace seeded deriveSeed(seed, 0), K = 1, 16, 50', async () => {
    for (const k of [1, 16, 50]) {
      const streamed = await iwaeStreaming(m, params, batch, { k, chunk: 64, seed: 3 });
      const direct = tf.tidy(() => Array.from(iwaePerDatum(trace(m, params, batch, { k, seed: deriveSeed(3, 0) })).dataSync()));

      streamed.forEach((v, i) => expect(Math.abs(v - direct[i]), `K = ${k}, datum ${i}`).toBeLessThan(FLOAT32_NATS));
    }
  });

  it('K = 1000 in chunks of 100 equals the unchunked logsumexp over the same 1000 log-weights (within 1e-4 nats)', async () => {
    const seed = 12;
    const streamed = await iwaeStreaming(m, params, batch, { k: 1000, chunk: 100, seed });
    const unchunked = tf.tidy(() => {
      const lw = tf.concat(Array.from({ length: 10 }, (_, c) => logWeights(trace(m, params, batch, { k: 100, seed: deriveSeed(seed, c) }))), 0);
      return Array.from(tf.sub(tf.logSumExp(lw, 0), Math.log(1000)).dataSync());
    });

    streamed.forEach((v, i) => expect(Math.abs(v - unchunked[i]), `datum ${i}: ${v} vs ${unchunked[i]}`).toBeLessThan(FLOAT32_NATS));
  });

  it('a last partial chunk is counted: K = 250 in chunks of 100 equals the logsumexp over chunks of 100, 100, 50', async () => {
    const seed = 4;
    const streamed = await iwaeStreaming(m, params, batch, { k: 250, chunk: 100, seed });
    const unchunked = tf.tidy(() => {
      const lw = tf.concat([100, 100, 50].map((k, c) => logWeights(trace(m, params, batch, { k, seed: deriveSeed(seed, c) }))), 0);
      return Array.from(tf.sub(tf.logSumExp(lw, 0), Math.log(250)).dataSync());
    });

    streamed.forEach((v, i) => expect(Math.abs(v - unchunked[i]), `datum ${i}`).toBeLessThan(FLOAT32_NATS));
  });

  it('peak tf.memory().numBytes does not grow with K at a fixed chunk (K = 100 vs 1000, chunk 100), but does unchunked', async () => {
    const small = await peakBytes({ k: 100, chunk: 100, seed: 1 });
    const large = await peakBytes({ k: 1000, chunk: 100, seed: 1 });
    const unchunked = await peakBytes({ k: 1000, chunk: 1000, seed: 1 });

    expect(small).toBeGreaterThan(0);
    expect(large).toBeLessThanOrEqual(small * 1.01);
    expect(unchunked).toBeGreaterThan(5 * small);
  });

  it('leaves tf.memory().numTensors unchanged', async () => {
    const before = tf.memory().numTensors;

    await iwaeStreaming(m, params, batch, { k: 300, chunk: 64, seed: 8 });

    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a K that is not a positive integer, naming it', async () => {
    expect(() => iwaeStreaming(m, params, batch, { k: 0, seed: 1 })).toThrow(/k must be a positive integer, got 0/);
    expect(() => iwaeStreaming(m, params, batch, { k: 2.5, seed: 1 })).toThrow(/got 2.5/);
  });
});

describe('streamLogMeanExp (the reduction behind iwaeStreaming)', () => {
  /** Chunks of [size, 2] log-weights given row by row. */
  const fromRows = (rows: number[][]) => (_c: number, size: number, done: number): tf.Tensor2D =>
    tf.tensor2d(rows.slice(done, done + size));

  it('a chunk whose log-weights are all -inf adds nothing: the values come from the remaining chunks (was NaN)', async () => {
    // Arrange: K = 4 in chunks of 2; chunk 0 is all -inf for both data
    const rows = [[-Infinity, -Infinity], [-Infinity, -Infinity], [-4.7151e36, -8.4584e34], [-Infinity, -8.4584e34]];
    // Act
    const out = await streamLogMeanExp(4, 2, fromRows(rows));
    // Assert: float32 cannot see log 2 - log 4 next to these magnitudes
    expect(out[0]).toBeCloseTo(Math.fround(-4.7151e36), -31);
    expect(out[1]).toBeCloseTo(Math.fround(-8.4584e34), -29);
  });

  it('a datum with no finite log-weight in any chunk gets -inf; finite chunks give logmeanexp', async () => {
    const rows = [[-Infinity, 0], [-Infinity, Math.log(3)], [-Infinity, -Infinity]];
    const out = await streamLogMeanExp(3, 2, fromRows(rows));
    expect(out[0]).toBe(-Infinity);
    expect(out[1]).toBeCloseTo(Math.log(4 / 3), 6);
  });

  it('leaves tf.memory().numTensors unchanged', async () => {
    const before = tf.memory().numTensors;
    await streamLogMeanExp(5, 2, fromRows([[0, 1], [-Infinity, 2], [3, -Infinity], [-Infinity, -Infinity], [1, 1]]));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('chunkWithin', () => {
  it('keeps the requested chunk where the parameters are small, and bounds a text model to what fits (one sample of 50 sentences over 20,004 words)', () => {
    const text = validate(model<string>().observed('x', categorical(20004, [41], { padId: 0 })).latent('z', normal([8])).p('z', prior)
      .p('x', ['z'], lstm({ embed: 4, hidden: 4, bos: 1 })).q('z', ['x'], embedding(20004, 4)).spec);
    if (text._tag === 'Left') throw new Error(JSON.stringify(text.left));

    expect(chunkWithin(m, 50, 100, 1000)).toBe(100);
    expect(chunkWithin(m, 50, 100, 30)).toBe(30);
    expect(chunkWithin(text.right, 50, 100, 1000)).toBe(1);
    expect(chunkWithin(text.right, 1, 100, 1000)).toBe(Math.floor(CHUNK_PARAMETER_FLOATS / (41 * 20004)));
  });
});
