/**
 * eval, sample and score use the EMA weights unless told otherwise (issue
 * 22): a run whose EMA and raw weights differ, and each command's numbers
 * or pictures recomputed in the test from the EMA weights decoded by hand
 * from the checkpoint's ema.bin.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetBatcher } from '../../src/datasets/index.js';
import { disposeParams, initParams, type ParamStore } from '../../src/dsl/params.js';
import { elboPerDatum } from '../../src/inference/objectives/elbo.js';
import { logWeights } from '../../src/inference/objectives/log-weights.js';
import { trace, type Batch } from '../../src/inference/trace.js';
import { deriveSeed } from '../../src/random/prng.js';
import { priorSampleGrid } from '../../src/train/artifacts.js';
import { modelBatch } from '../../src/train/batch.js';
import { loadCheckpoint, saveCheckpoint } from '../../src/train/checkpoint.js';
import { trainConfig } from '../../src/train/config.js';
import { createTrainState, disposeTrainState } from '../../src/train/state.js';
import { mnistDyn, tinyModel } from '../train/fixtures.js';
import { strataWith } from './run-cli.js';

const strata = strataWith({ env: { STRATA_BACKEND: 'cpu' } });

const model = tinyModel();
let root = '';
let run = '';
let ema: ParamStore = new Map();
let raw: ParamStore = new Map();
let batch: Batch = {};

/** The weights of one binary file of the latest checkpoint, decoded here from its bytes and tfjs manifest. */
const decodeByHand = (file: 'ema' | 'weights'): ParamStore => {
  const checkpoint = loadCheckpoint(run);
  if (E.isLeft(checkpoint)) throw new Error(checkpoint.left);
  const tensors = tf.io.decodeWeights(checkpoint.right.data[file], checkpoint.right.manifest.files[file].specs);
  return new Map(Object.entries(tensors).map(([name, t]) => [name, tf.variable(t, false, `${file}-${name}`)]));
};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'strata-ema-'));
  run = join(root, 'run');
  const state = createTrainState(model, trainConfig({ steps: 10 }));
  const other = initParams(model, 77);
  state.ema.forEach((v, name) => v.assign(name === 'p:x/head/b' ? tf.fill(v.shape, -2) : other.get(name)!));
  disposeParams(other);
  // A consistent checkpoint without optimizer moments: 10 steps, all skipped, so 0 optimizer iterations.
  state.step = 10;
  state.skipped = 10;
  state.position = { epoch: 0, index: 10 };
  await saveCheckpoint(run, state, { data: 'mnist-dyn', model: 'tiny' });
  disposeTrainState(state);
  ema = decodeByHand('ema');
  raw = decodeByHand('weights');
  const data = datasetBatcher(mnistDyn(), 'test', { batchSize: 8, seed: 1, shuffle: false, lastBatch: 'keep' }).batchAt(0, 0);
  batch = tf.tidy(() => modelBatch(model, data));
});
afterAll(() => {
  disposeParams(ema);
  disposeParams(raw);
  tf.dispose(Object.values(batch));
  rmSync(root, { recursive: true, force: true });
});

/** Mean over the batch of f(trace) for a trace with `params` and `seed`. */
const meanOf = (params: ParamStore, seed: number, f: (t: ReturnType<typeof trace>) => tf.Tensor): number =>
  tf.tidy(() => tf.mean(f(trace(model, params, batch, { k: 1, seed }))).dataSync()[0]);

describe('the CLI evaluates with the EMA weights by default', () => {
  it('eval: L_1 equals the ELBO of the EMA weights decoded by hand; --raw gives the raw weights\' ELBO', async () => {
    const seed = deriveSeed(1, 0);
    const byHand = { ema: meanOf(ema, seed, (t) => elboPerDatum(t)), raw: meanOf(raw, seed, (t) => elboPerDatum(t)) };

    const plain = await strata('eval', run, '--k', '1', '--limit', '8', '--batch', '8', '--seed', '1');
    const l1 = JSON.parse(readFileSync(join(run, 'eval.json'), 'utf8')).l1;
    const rawRun = await strata('eval', run, '--k', '1', '--limit', '8', '--batch', '8', '--seed', '1', '--raw');
    const rawL1 = JSON.parse(readFileSync(join(run, 'eval.json'), 'utf8')).l1;

    expect([plain.code, rawRun.code]).toEqual([0, 0]);
    expect(Math.abs(byHand.ema - byHand.raw)).toBeGreaterThan(1);
    expect(l1).toBeCloseTo(byHand.ema, 3);
    expect(rawL1).toBeCloseTo(byHand.raw, 3);
  });

  it('sample: samples.png is the prior-sample grid of the EMA weights, not of the raw ones', async () => {
    const format = { height: 28, width: 28, range: [0, 1] as const };

    const r = await strata('sample', run, '--n', '4', '--seed', '1');

    expect(r.code).toBe(0);
    const written = readFileSync(join(run, 'samples.png'));
    expect(written.equals(await priorSampleGrid(model, ema, 4, 1, format))).toBe(true);
    expect(written.equals(await priorSampleGrid(model, raw, 4, 1, format))).toBe(false);
  });

  it('score: the in-distribution mean L^{>0} with K = 1 is the mean log-weight of the EMA weights', async () => {
    const seed = deriveSeed(deriveSeed(1, 0), 0);
    const byHand = { ema: meanOf(ema, seed, (t) => logWeights(t)), raw: meanOf(raw, seed, (t) => logWeights(t)) };

    const r = await strata('score', run, '--k', '1', '--limit', '8', '--batch', '8', '--seed', '1', '--k-layers', '0', '--vs', 'fashion-mnist');
    const scores = JSON.parse(readFileSync(join(run, 'scores', 'mnist-dyn-vs-fashion-mnist-K1-n8-seed1', 'scores.json'), 'utf8'));

    expect(r.code).toBe(0);
    expect(Math.abs(byHand.ema - byHand.raw)).toBeGreaterThan(1);
    expect(scores.scores[0].meanInDistribution).toBeCloseTo(byHand.ema, 2);
  });

  it("score's default --vs on an mnist-dyn run is fashion-mnist, and --vs equal to the run's own data set is refused", async () => {
    const r = await strata('score', run, '--k', '1', '--limit', '4', '--batch', '4', '--seed', '1', '--k-layers', '0');
    const same = await strata('score', run, '--k', '1', '--limit', '4', '--vs', 'mnist-dyn');

    expect(r.err.filter((l) => l.startsWith('strata'))).toEqual([]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(run, 'scores', 'mnist-dyn-vs-fashion-mnist-K1-n4-seed1', 'hist-L-gt-0.png')).length).toBeGreaterThan(1000);
    expect(same.code).toBe(2);
    expect(same.err.join('\n')).toMatch(/--vs mnist-dyn: the out-of-distribution set must differ/);
  });
});
