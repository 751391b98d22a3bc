/**
 * Shared pieces of the tests that check each training option against a hand
 * computation (issue 22): runs of the tiny model, and the per-sample terms of
 * the trace the first step must take (the run's initial weights, its batch 0
 * and the step-1 noise seed) in plain numbers.
 */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import type { Model } from '../../src/dsl/model.js';
import { disposeParams, initParams, type ParamStore } from '../../src/dsl/params.js';
import { klOf, logWeights, reconstruction, scoredLatents } from '../../src/inference/objectives/log-weights.js';
import { trace, type Batch } from '../../src/inference/trace.js';
import { modelBatch } from '../../src/train/batch.js';
import { trainConfig } from '../../src/train/config.js';
import { stepSeed, train, type TrainHooks } from '../../src/train/loop.js';
import type { LogRecord } from '../../src/train/record.js';
import { createTrainState, disposeTrainState, type TrainState } from '../../src/train/state.js';
import type { StepStats } from '../../src/train/step.js';
import { mnistBatcher, tinyModel } from './fixtures.js';

/** Batch size and seed of every run here. */
export const B = 8;
export const SEED = 5;
const states: TrainState[] = [];
/** A new run of the tiny model (batch B, seed SEED, a record per step), disposed by `disposeRuns`. */
export const fresh = (partial: Parameters<typeof trainConfig>[0]): TrainState => {
  const s = createTrainState(tinyModel(), trainConfig({ batchSize: B, logEvery: 1, seed: SEED, ...partial }));
  states.push(s);
  return s;
};
/** Frees every run `fresh` made; call after each test. */
export const disposeRuns = (): void => states.splice(0).forEach(disposeTrainState);

/** Copies of a store's values by name. */
export const snapshot = (store: ParamStore): Map<string, Float32Array> => new Map([...store].map(([k, v]) => [k, (v.dataSync() as Float32Array).slice()]));
/** Euclidean norm over several arrays. */
export const norm = (xs: Iterable<ArrayLike<number>>): number => Math.sqrt([...xs].reduce((a, x) => a + Array.from(x).reduce((s, v) => s + v * v, 0), 0));

/** Runs `steps` steps and returns their stats and log records. */
export const run = async (state: TrainState, steps: number, hooks: TrainHooks = {}): Promise<{ stats: StepStats[]; records: LogRecord[] }> => {
  const stats: StepStats[] = [];
  const records: LogRecord[] = [];
  await train(state, mnistBatcher(B), { until: steps, onStep: (s) => void stats.push(s), onLog: (r) => void records.push(r), ...hooks });
  return { stats, records };
};

/** The batch the run's first step reads (epoch 0, index 0); the caller disposes it. */
export const firstBatch = (model: Model): Batch => {
  const data = mnistBatcher(B).batchAt(0, 0);
  const batch = tf.tidy(() => modelBatch(model, data));
  const kept = new Set(Object.values(batch));
  [data.x, data.y].forEach((t) => t !== undefined && !kept.has(t) && t.dispose());
  return batch;
};

/** The per-sample terms [K][B] of the trace step 1 must take: weights from `seed`, noise stepSeed(seed, 1), `k` samples. */
export interface Terms {
  readonly rec: number[][];
  readonly kl: Record<string, number[][]>;
  readonly lw: number[][];
}
export const step1Terms = (model: Model, seed: number, k: number): Terms => {
  const params = initParams(model, seed);
  const batch = firstBatch(model);
  let out: Terms = { rec: [], kl: {}, lw: [] };
  tf.tidy(() => {
    const t = trace(model, params, batch, { k, seed: stepSeed(seed, 1), training: true });
    out = {
      rec: reconstruction(t).arraySync(),
      kl: Object.fromEntries(scoredLatents(t).map((term) => [term.name, klOf(term, 'analytic').arraySync()])),
      lw: logWeights(t).arraySync(),
    };
  });
  tf.dispose(Object.values(batch));
  disposeParams(params);
  return out;
};

/** Means in float64. */
export const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
export const meanKB = (xs: readonly number[][]): number => mean(xs.flat());
/** Total KL per [k][b]. */
export const klTotal = (t: Terms): number[][] => t.rec.map((row, k) => row.map((_, b) => Object.values(t.kl).reduce((a, kl) => a + kl[k][b], 0)));
/** -mean over K and B of (log p(x | z) - beta KL). */
export const warmedLoss = (t: Terms, beta: number): number => {
  const kl = klTotal(t);
  return -meanKB(t.rec.map((row, k) => row.map((r, b) => r - beta * kl[k][b])));
};
/** |actual - expected| < tolerance (nats). */
export const close = (actual: number, expected: number, tolerance = 2e-3): void => {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThan(tolerance);
};

