import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { trainConfig } from '../../src/train/config.js';
import { describeDivergence, train } from '../../src/train/loop.js';
import type { Objective } from '../../src/train/objective.js';
import { objectiveOf } from '../../src/train/objective.js';
import { createTrainState, disposeTrainState, type TrainState } from '../../src/train/state.js';
import type { StepStats } from '../../src/train/step.js';
import { mnistBatcher, tinyModel } from './fixtures.js';

const states: TrainState[] = [];
const fresh = (partial: Parameters<typeof trainConfig>[0]): TrainState => {
  const s = createTrainState(tinyModel(), trainConfig({ batchSize: 8, logEvery: 10, ...partial }));
  states.push(s);
  return s;
};
afterEach(() => states.splice(0).forEach(disposeTrainState));

const snapshot = (s: TrainState): Float32Array[] => [...s.params.values()].map((v) => (v.dataSync() as Float32Array).slice());

describe('train', () => {
  it('leaks no tensors over 200 steps', async () => {
    const state = fresh({ steps: 200, logEvery: 50 });
    await train(state, mnistBatcher(8), { until: 5 });
    const before = tf.memory().numTensors;

    await train(state, mnistBatcher(8));

    expect(state.step).toBe(200);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('improves the ELBO of a tiny VAE on MNIST', async () => {
    const state = fresh({ steps: 60, logEvery: 10, optimizer: { lr: 2e-2 } });
    const records: number[] = [];

    await train(state, mnistBatcher(16), { onLog: (r) => void records.push(r.elbo) });

    expect(records.length).toBe(6);
    expect(records[5]).toBeGreaterThan(records[0] + 30);
  });

  it('is deterministic: the same seed and config give the same losses', async () => {
    const run = async (): Promise<number[]> => {
      const losses: number[] = [];
      await train(fresh({ steps: 6, objective: { kind: 'free-bits', lambda: 0.5, groupBy: 'node', over: 'batch' } }), mnistBatcher(8), {
        onStep: (s) => void losses.push(s.loss),
      });
      return losses;
    };

    const [a, b] = [await run(), await run()];

    expect(a).toEqual(b);
    expect(a.every(Number.isFinite)).toBe(true);
  });

  it('skips and counts a step whose loss is not finite, leaving the weights untouched', async () => {
    const state = fresh({ steps: 4 });
    const base = objectiveOf({ kind: 'elbo' }, 0);
    const poisoned: Objective = (t, step) => (step === 3 ? tf.mul(base(t, step), Number.NaN) : base(t, step)) as tf.Tensor1D;
    const stats: StepStats[] = [];
    let beforeThird: Float32Array[] = [];
    let afterThird: Float32Array[] = [];

    await train(state, mnistBatcher(8), {
      objective: poisoned,
      onStep: (s, st) => {
        stats.push(s);
        if (s.step === 2) beforeThird = snapshot(st);
        if (s.step === 3) afterThird = snapshot(st);
      },
    });

    expect(stats.map((s) => s.skipped)).toEqual([false, false, true, false]);
    expect(state.skipped).toBe(1);
    expect(afterThird).toEqual(beforeThird);
    expect(state.optimizer.iterations()).toBe(3);
  });

  it('drops the free-bits floor to 0 after the fine-tuning step, making the loss the -ELBO', async () => {
    const stats: StepStats[] = [];

    await train(fresh({ steps: 4, objective: { kind: 'free-bits', lambda: 50, groupBy: 'node', over: 'batch', until: 2 } }), mnistBatcher(8), {
      onStep: (s) => void stats.push(s),
    });

    expect(stats[1].loss).toBeGreaterThan(-stats[1].elbo + 1);
    expect(stats[2].loss).toBeCloseTo(-stats[2].elbo, 3);
  });

  it('clips the update when the gradient norm exceeds clipNorm', async () => {
    const clipped = fresh({ steps: 1, clipNorm: 1e-3, optimizer: { name: 'adam', lr: 0.1 } });
    const w0 = snapshot(clipped);
    const stats: StepStats[] = [];

    await train(clipped, mnistBatcher(8), { onStep: (s) => void stats.push(s) });

    expect(stats[0].gradNorm).toBeGreaterThan(1e-3);
    const moved = snapshot(clipped).some((w, i) => w.some((v, j) => v !== w0[i][j]));
    expect(moved).toBe(true);
  });

  it('logs the learning rate each step applied: lr * min(1, t / warmup) for update t = 1, 2, ...', async () => {
    // Arrange: lr 0.004 with 4 warm-up updates; the rates applied are 0.004 * t / 4
    const state = fresh({ steps: 5, logEvery: 1, optimizer: { lr: 0.004, warmup: 4 } });
    const logged: number[] = [];
    // Act
    await train(state, mnistBatcher(8), { onLog: (r) => void logged.push(r.lr) });
    // Assert
    expect(logged.map((x) => Number(x.toPrecision(6)))).toEqual([0.001, 0.002, 0.003, 0.004, 0.004]);
  });

  it('stops after maxSkipped consecutive non-finite steps, naming the step and the last finite loss, with no checkpoint at it', async () => {
    // Arrange: steps 3.. are non-finite; the limit is 3 consecutive skipped steps, so the run stops at step 5
    const state = fresh({ steps: 50, maxSkipped: 3, logEvery: 1 });
    const base = objectiveOf({ kind: 'elbo' }, 0);
    const poisoned: Objective = (t, step) => (step >= 3 ? tf.mul(base(t, step), Number.POSITIVE_INFINITY) : base(t, step)) as tf.Tensor1D;
    const losses: number[] = [];
    const checkpoints: number[] = [];
    // Act
    const summary = await train(state, mnistBatcher(8), {
      objective: poisoned,
      checkpointEvery: 1,
      onStep: (s) => void losses.push(s.loss),
      onCheckpoint: (st) => void checkpoints.push(st.step),
    });
    // Assert
    expect(summary.diverged).toEqual({ step: 5, skipped: 3, lastFiniteLoss: losses[1], lastFiniteStep: 2 });
    expect(state.step).toBe(5);
    expect(checkpoints).toEqual([1, 2, 3, 4]); // skipped steps leave the weights as at step 2; none at the divergence
    expect(describeDivergence(summary.diverged!)).toMatch(/3 consecutive non-finite steps up to step 5; last finite loss [\d.]+ at step 2/);
  });

  it('keeps going when skipped steps are not consecutive beyond the limit', async () => {
    const state = fresh({ steps: 6, maxSkipped: 2 });
    const base = objectiveOf({ kind: 'elbo' }, 0);
    const poisoned: Objective = (t, step) => (step % 2 === 0 ? tf.mul(base(t, step), Number.NaN) : base(t, step)) as tf.Tensor1D;

    const summary = await train(state, mnistBatcher(8), { objective: poisoned });

    expect(summary.diverged).toBeUndefined();
    expect([state.step, state.skipped]).toEqual([6, 3]);
  });
});
