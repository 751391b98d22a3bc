import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { agreeAny, agreeMeans, distributedStep, meanOverRanks } from '../../src/distributed/step-hooks.js';
import { initParams, type ParamStore } from '../../src/dsl/params.js';
import { modelBatch } from '../../src/train/batch.js';
import { createEma } from '../../src/train/ema.js';
import { objectiveOf } from '../../src/train/objective.js';
import { createOptimizer } from '../../src/train/optimizer.js';
import { trainStep, type StepContext } from '../../src/train/step.js';
import { tinyModel } from '../train/fixtures.js';
import { fakeWorld } from './fake-world.js';

const m = tinyModel();
const context = (params: ParamStore): StepContext => ({
  model: m, params, ema: createEma(params), objective: objectiveOf({ kind: 'elbo' }, 0), samples: 1, emaDecay: 0.9, clipNorm: 0,
  optimizer: createOptimizer({ name: 'adamax', lr: 0.01, decay: 1, warmup: 1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }),
});
const weights = (params: ParamStore): number[] => [...params.values()].flatMap((v) => Array.from(v.dataSync()));

describe('distributedStep in trainStep', () => {
  it('applies the same update as one process when the peer rank has the same gradients and values', async () => {
    // Arrange: two identical stores and batches; one step plain, one with the hooks and an identical peer.
    const x = tf.tensor2d(Array.from({ length: 4 * 784 }, (_, i) => (i % 3 === 0 ? 1 : 0)), [4, 784]);
    const [plain, ranked] = [initParams(m, 3), initParams(m, 3)];
    // Act
    const a = await trainStep(context(plain), modelBatch(m, { x }), 1, 7);
    const b = await trainStep({ ...context(ranked), ...distributedStep(fakeWorld(0), ranked) }, modelBatch(m, { x }), 1, 7);
    // Assert
    expect(b.loss).toBeCloseTo(a.loss, 5);
    expect(b.skipped).toBe(false);
    expect(weights(ranked)).toEqual(weights(plain));
    tf.dispose([x, ...plain.values(), ...ranked.values()]);
  });

  it('skips the step on every rank when another rank saw a non-finite loss', async () => {
    // Arrange: the peer's values are NaN (its loss was not finite); this rank's are finite.
    const x = tf.tensor2d(Array.from({ length: 4 * 784 }, (_, i) => (i % 5 === 0 ? 1 : 0)), [4, 784]);
    const params = initParams(m, 3);
    const before = weights(params);
    const peer = fakeWorld(0, (a) => (a instanceof Float64Array ? a.map(() => Number.NaN) : a.slice()));
    // Act
    const stats = await trainStep({ ...context(params), ...distributedStep(peer, params) }, modelBatch(m, { x }), 1, 7);
    // Assert
    expect(stats.skipped).toBe(true);
    expect(weights(params)).toEqual(before);
    tf.dispose([x, ...params.values()]);
  });
});

describe('meanOverRanks (the objective\'s meanOverBatch hook)', () => {
  it('is the mean over ranks of each local batch mean, as a new constant tensor', () => {
    // Arrange: the peer's means are this rank's plus 2.
    const hook = meanOverRanks(fakeWorld(0, (a) => a.map((v) => v + 2)));
    const local = tf.tensor1d([1, -3]);
    const before = tf.memory().numTensors;
    // Act
    const global = hook(local);
    // Assert
    expect(Array.from(global.dataSync())).toEqual([2, -2]);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([local, global]);
  });

  it('reaches the free-bits floor in trainStep: a peer shard far above lambda lifts the floor on this rank too', async () => {
    // Arrange: lambda 1000 nats floors each latent's KL on this shard; the peer's shard has mean KL 1e4
    // per latent (its G group means, one per latent; agreeValues' 2 + G values stay this rank's).
    const x = tf.tensor2d(Array.from({ length: 4 * 784 }, (_, i) => (i % 3 === 0 ? 1 : 0)), [4, 784]);
    const objective = objectiveOf({ kind: 'free-bits', lambda: 1000, groupBy: 'node', over: 'batch' }, 0);
    const peer = fakeWorld(0, (a) => (a instanceof Float64Array && a.length === m.latents.length ? a.map(() => 1e4) : a.slice()));
    const [alone, ranked] = [initParams(m, 3), initParams(m, 3)];
    const [ctxAlone, ctxRanked] = [{ ...context(alone), objective }, { ...context(ranked), objective, ...distributedStep(peer, ranked) }];
    const batch = modelBatch(m, { x });
    // Act
    const a = await trainStep(ctxAlone, batch, 1, 7);
    const b = await trainStep(ctxRanked, batch, 1, 7);
    const before = tf.memory().numTensors; // after the optimizer's moments exist
    await trainStep(ctxRanked, batch, 2, 8);
    // Assert: alone the floor costs 1000 nats; with the peer the global mean clears it and the bound is the ELBO; a step leaves no tensor behind.
    expect(a.loss).toBeGreaterThan(-a.elbo + 900);
    expect(b.loss).toBeCloseTo(-b.elbo, 4);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, ...Object.values(batch), ...alone.values(), ...ranked.values()]);
  });
});

describe('agreeMeans', () => {
  it('is the mean over ranks of each value', () => {
    // Arrange: the peer holds each value plus 2.
    const world = fakeWorld(0, (a) => a.map((v) => v + 2));
    // Act
    const means = agreeMeans(world, Float64Array.of(1, -3));
    // Assert
    expect(Array.from(means)).toEqual([2, -2]);
  });

  it('is non-finite when any rank saw a non-finite value, so every rank skips', () => {
    const world = fakeWorld(0, (a) => a.map(() => Number.NaN));
    expect(Number.isFinite(agreeMeans(world, Float64Array.of(1))[0])).toBe(false);
  });
});

describe('agreeAny', () => {
  it('is true when any rank says true', () => {
    expect(agreeAny(fakeWorld(0, (a) => a.map(() => 1)), false)).toBe(true);
    expect(agreeAny(fakeWorld(0, (a) => a.map(() => 0)), false)).toBe(false);
    expect(agreeAny(fakeWorld(0, (a) => a.map(() => 0)), true)).toBe(true);
  });
});
