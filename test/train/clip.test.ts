/** Gradient norm, global-norm clipping and the non-finite guard of a step, against hand computations (issue 22). */
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Model } from '../../src/dsl/model.js';
import { disposeParams, initParams } from '../../src/dsl/params.js';
import { elboPerDatum } from '../../src/inference/objectives/elbo.js';
import { trace } from '../../src/inference/trace.js';
import { stepSeed } from '../../src/train/loop.js';
import { objectiveOf } from '../../src/train/objective.js';
import type { TrainState } from '../../src/train/state.js';
import { tinyModel } from './fixtures.js';
import { disposeRuns, firstBatch, fresh, norm, run, SEED, snapshot } from './step-fixtures.js';

afterEach(disposeRuns);

describe('gradient norm, clipping and the non-finite guard', () => {
  /** sqrt(sum of squared gradients) of the step-1 ELBO loss, by tf.variableGrads on a fresh copy of the run's weights. */
  const handGradNorm = (model: Model): number => {
    const params = initParams(model, SEED);
    const batch = firstBatch(model);
    const { value, grads } = tf.variableGrads(() => tf.neg(tf.mean(elboPerDatum(trace(model, params, batch, { k: 1, seed: stepSeed(SEED, 1), training: true })))) as tf.Scalar, [...params.values()]);
    const out = norm(Object.values(grads).map((g) => g.dataSync()));
    tf.dispose([value, ...Object.values(grads), ...Object.values(batch)]);
    disposeParams(params);
    return out;
  };
  const firstMoments = (state: TrainState): Float32Array[] =>
    Object.entries(state.optimizer.state().tensors).filter(([k]) => k.startsWith('m/')).map(([, t]) => t.dataSync() as Float32Array);

  it('the logged gradNorm is the square root of the sum of squared gradients, and m_1 = (1 - beta1) g without clipping', async () => {
    const expected = handGradNorm(tinyModel());
    const state = fresh({});

    const { stats, records } = await run(state, 1);

    expect(expected).toBeGreaterThan(2);
    expect(stats[0].gradNorm / expected).toBeCloseTo(1, 4);
    expect(records[0].gradNorm / expected).toBeCloseTo(1, 4);
    expect(norm(firstMoments(state)) / (0.1 * expected)).toBeCloseTo(1, 4);
  });

  it('after one step clipped at 0.5 the first moments\' norm is (1 - beta1) times 0.5', async () => {
    const state = fresh({ clipNorm: 0.5 });

    const { stats } = await run(state, 1);

    expect(stats[0].gradNorm).toBeGreaterThan(2);
    expect(norm(firstMoments(state))).toBeCloseTo(0.1 * 0.5, 5);
  });

  it('a +Infinity loss with finite gradients is skipped: weights, moments, EMA and the update count untouched', async () => {
    const state = fresh({});
    const w0 = snapshot(state.params);
    const base = objectiveOf({ kind: 'elbo' }, 0);

    const { stats } = await run(state, 1, { objective: (t, s) => tf.add(base(t, s), Number.NEGATIVE_INFINITY) as tf.Tensor1D });

    expect(stats[0].loss).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isFinite(stats[0].gradNorm)).toBe(true);
    expect(stats[0].skipped).toBe(true);
    expect(state.skipped).toBe(1);
    expect(state.optimizer.iterations()).toBe(0);
    expect(snapshot(state.params)).toEqual(w0);
    expect(snapshot(state.ema)).toEqual(w0);
  });

  it('a -Infinity loss (an unbounded objective) is skipped too', async () => {
    const state = fresh({});
    const base = objectiveOf({ kind: 'elbo' }, 0);

    const { stats } = await run(state, 1, { objective: (t, s) => tf.add(base(t, s), Number.POSITIVE_INFINITY) as tf.Tensor1D });

    expect(stats[0].skipped).toBe(true);
    expect(state.optimizer.iterations()).toBe(0);
  });
});

