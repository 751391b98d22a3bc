/**
 * The data position and the epoch reach the step (issue 22): each step reads
 * the batch at the run's (epoch, index), the epoch advances after the last
 * batch, and the second epoch's shuffle and binarization noise are those the
 * batcher's contract derives from (seed, epoch), computed here by hand.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createBatcher } from '../../src/datasets/batcher.js';
import type { ExampleSource } from '../../src/datasets/exampleSource.js';
import { deriveSeed, permutation, prng } from '../../src/random/prng.js';
import { trainConfig } from '../../src/train/config.js';
import { train } from '../../src/train/loop.js';
import { createTrainState, disposeTrainState, nextPosition, type TrainState } from '../../src/train/state.js';
import { tinyModel } from './fixtures.js';

const N = 6;
const BATCH = 3;
const SEED = 9;

/** N examples of 784 pixels, each written as Bernoulli(0.5) draws of its noise seed; records (example, noise seed) per write. */
const recordingSource = (): { source: ExampleSource; writes: [number, number][] } => {
  const writes: [number, number][] = [];
  const source: ExampleSource = {
    count: N,
    rowShape: [784],
    dtype: 'float32',
    write: (example, noiseSeed, out, offset) => {
      writes.push([example, noiseSeed]);
      const rng = prng(noiseSeed);
      for (let i = 0; i < 784; i++) out[offset + i] = rng.next() < 0.5 ? 1 : 0;
    },
  };
  return { source, writes };
};

/** What the batcher's contract says batch (epoch, index) holds: examples of the seeded permutation and their noise seeds. */
const expectedWrites = (epoch: number, index: number): [number, number][] =>
  Array.from(permutation(N, prng(deriveSeed(SEED, 0, epoch))).subarray(index * BATCH, (index + 1) * BATCH), (e) => [e, deriveSeed(SEED, 1, epoch, e)]);

const states: TrainState[] = [];
afterEach(() => states.splice(0).forEach(disposeTrainState));

describe('data position and epoch', () => {
  it('nextPosition steps through the epoch and then opens the next one', () => {
    expect(nextPosition({ epoch: 0, index: 0 }, 2)).toEqual({ epoch: 0, index: 1 });
    expect(nextPosition({ epoch: 0, index: 1 }, 2)).toEqual({ epoch: 1, index: 0 });
    expect(nextPosition({ epoch: 4, index: 0 }, 1)).toEqual({ epoch: 5, index: 0 });
  });

  it('five steps over 2 batches per epoch read (0,0), (0,1), (1,0), (1,1), (2,0): each epoch reshuffled and rebinarized', async () => {
    const { source, writes } = recordingSource();
    const state = createTrainState(tinyModel(), trainConfig({ batchSize: BATCH, seed: 1, steps: 5, logEvery: 5 }));
    states.push(state);
    const perStep: [number, number][][] = [];
    const positions: string[] = [];

    await train(state, createBatcher(source, { batchSize: BATCH, seed: SEED }), {
      onStep: (_s, st) => {
        perStep.push(writes.splice(0));
        positions.push(`${st.position.epoch}:${st.position.index}`);
      },
    });

    const visited: [number, number][] = [[0, 0], [0, 1], [1, 0], [1, 1], [2, 0]];
    expect(perStep).toEqual(visited.map(([e, i]) => expectedWrites(e, i)));
    expect(positions).toEqual(['0:1', '1:0', '1:1', '2:0', '2:1']);
    expect(expectedWrites(1, 0).map(([e]) => e)).not.toEqual(expectedWrites(0, 0).map(([e]) => e));
    expect(new Set(perStep[2].map(([, s]) => s)).size).toBe(BATCH);
    expect(perStep[2].some(([, s]) => perStep[0].some(([, t]) => t === s))).toBe(false);
  });

  it('a run positioned at (3, 1) reads that batch first, then (4, 0)', async () => {
    const { source, writes } = recordingSource();
    const state = createTrainState(tinyModel(), trainConfig({ batchSize: BATCH, seed: 1, steps: 2, logEvery: 2 }));
    states.push(state);
    state.position = { epoch: 3, index: 1 };
    const perStep: [number, number][][] = [];

    await train(state, createBatcher(source, { batchSize: BATCH, seed: SEED }), { onStep: () => void perStep.push(writes.splice(0)) });

    expect(perStep).toEqual([expectedWrites(3, 1), expectedWrites(4, 0)]);
  });
});
