/**
 * Each training option reaches the step and changes what it should, checked
 * against a hand computation (issue 22): the step's loss is recomputed in
 * plain numbers from the trace the step must have taken (the run's initial
 * weights, its batch 0 and the step-1 noise seed), and the optimizer's
 * moments, weights and EMA after one step against their formulas.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Model } from '../../src/dsl/model.js';
import { disposeParams, initParams, type ParamStore } from '../../src/dsl/params.js';
import { elboPerDatum } from '../../src/inference/objectives/elbo.js';
import { klOf, logWeights, reconstruction, scoredLatents } from '../../src/inference/objectives/log-weights.js';
import { trace, type Batch } from '../../src/inference/trace.js';
import { modelBatch } from '../../src/train/batch.js';
import { defaultOptimizer, trainConfig } from '../../src/train/config.js';
import { stepSeed, train, type TrainHooks } from '../../src/train/loop.js';
import { objectiveOf } from '../../src/train/objective.js';
import { createOptimizer } from '../../src/train/optimizer.js';
import type { LogRecord } from '../../src/train/record.js';
import { createTrainState, disposeTrainState, type TrainState } from '../../src/train/state.js';
import type { StepStats } from '../../src/train/step.js';
import { mnistBatcher, tinyModel } from './fixtures.js';

const B = 8;
const SEED = 5;
const states: TrainState[] = [];
const fresh = (partial: Parameters<typeof trainConfig>[0]): TrainState => {
  const s = createTrainState(tinyModel(), trainConfig({ batchSize: B, logEvery: 1, seed: SEED, ...partial }));
  states.push(s);
  return s;
};
afterEach(() => states.splice(0).forEach(disposeTrainState));

const snapshot = (store: ParamStore): Map<string, Float32Array> => new Map([...store].map(([k, v]) => [k, (v.dataSync() as Float32Array).slice()]));
const norm = (xs: Iterable<ArrayLike<number>>): number => Math.sqrt([...xs].reduce((a, x) => a + Array.from(x).reduce((s, v) => s + v * v, 0), 0));

/** Runs `steps` steps and returns their stats and log records. */
const run = async (state: TrainState, steps: number, hooks: TrainHooks = {}): Promise<{ stats: StepStats[]; records: LogRecord[] }> => {
  const stats: StepStats[] = [];
  const records: LogRecord[] = [];
  await train(state, mnistBatcher(B), { until: steps, onStep: (s) => void stats.push(s), onLog: (r) => void records.push(r), ...hooks });
  return { stats, records };
};

/** The batch the run's first step reads (epoch 0, index 0); the caller disposes it. */
const firstBatch = (model: Model): Batch => {
  const data = mnistBatcher(B).batchAt(0, 0);
  const batch = tf.tidy(() => modelBatch(model, data));
  const kept = new Set(Object.values(batch));
  [data.x, data.y].forEach((t) => t !== undefined && !kept.has(t) && t.dispose());
  return batch;
};

/** The per-sample terms [K][B] of the trace step 1 must take: weights from `seed`, noise stepSeed(seed, 1), `k` samples. */
interface Terms {
  readonly rec: number[][];
  readonly kl: Record<string, number[][]>;
  readonly lw: number[][];
}
const step1Terms = (model: Model, seed: number, k: number): Terms => {
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

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const meanKB = (xs: readonly number[][]): number => mean(xs.flat());
const klTotal = (t: Terms): number[][] => t.rec.map((row, k) => row.map((_, b) => Object.values(t.kl).reduce((a, kl) => a + kl[k][b], 0)));
/** -mean over K and B of (log p(x | z) - beta KL). */
const warmedLoss = (t: Terms, beta: number): number => {
  const kl = klTotal(t);
  return -meanKB(t.rec.map((row, k) => row.map((r, b) => r - beta * kl[k][b])));
};
const close = (actual: number, expected: number, tolerance = 2e-3): void => {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThan(tolerance);
};

describe('objective options reach the step', () => {
  it('the ELBO step minimizes -(log p(x|z) - KL) of the trace from the run\'s seed: initial weights and step-1 noise', async () => {
    const terms = step1Terms(tinyModel(), SEED, 1);

    const { stats } = await run(fresh({}), 1);

    close(stats[0].loss, warmedLoss(terms, 1));
    close(stats[0].elbo, -warmedLoss(terms, 1));
  });

  it('a different seed gives a different first loss, equal to its own hand loss', async () => {
    const terms = step1Terms(tinyModel(), SEED + 1, 1);

    const { stats } = await run(fresh({ seed: SEED + 1 }), 1);

    close(stats[0].loss, warmedLoss(terms, 1));
    expect(Math.abs(warmedLoss(terms, 1) - warmedLoss(step1Terms(tinyModel(), SEED, 1), 1))).toBeGreaterThan(1e-2);
  });

  it('warm-up over 10 steps: step s weighs the KL by s / 10, and by 1 from step 10 on', async () => {
    const terms = step1Terms(tinyModel(), SEED, 1);

    const { stats } = await run(fresh({ warmupSteps: 10 }), 11);

    close(stats[0].loss, warmedLoss(terms, 0.1));
    expect(warmedLoss(terms, 1) - warmedLoss(terms, 0.1)).toBeGreaterThan(0.05);
    stats.forEach((s) => {
      const beta = Math.min(1, s.step / 10);
      const kl = Object.values(s.kl).reduce((a, b) => a + b, 0);
      close(s.loss, -(s.elbo + (1 - beta) * kl));
    });
  });

  it('free bits: each node\'s batch-mean KL is floored at lambda until the fine-tuning step, then the loss is the -ELBO', async () => {
    const terms = step1Terms(tinyModel(), SEED, 1);
    const lambda = 3;
    const floored = Object.values(terms.kl).reduce((a, kl) => a + Math.max(lambda, meanKB(kl)), 0);

    const { stats } = await run(fresh({ objective: { kind: 'free-bits', lambda, groupBy: 'node', over: 'batch', until: 2 } }), 3);

    expect(Object.values(terms.kl).some((kl) => meanKB(kl) < lambda)).toBe(true);
    close(stats[0].loss, -meanKB(terms.rec) + floored);
    const kl1 = Object.values(stats[1].kl).reduce((a, b) => a + b, 0);
    close(stats[1].loss, -stats[1].elbo - kl1 + Object.values(stats[1].kl).reduce((a, v) => a + Math.max(lambda, v), 0));
    close(stats[2].loss, -stats[2].elbo);
  });

  it('IWAE with K = 5: the step traces 5 samples and minimizes -(logsumexp_k log w_k - log 5)', async () => {
    const terms = step1Terms(tinyModel(), SEED, 5);
    const config = { kind: 'iwae', k: 5 } as const;
    const iwae = -mean(terms.lw[0].map((_, b) => {
      const col = terms.lw.map((row) => row[b]);
      const top = Math.max(...col);
      return top + Math.log(mean(col.map((v) => Math.exp(v - top))));
    }));
    const ks: number[] = [];
    const bs: number[] = [];
    const base = objectiveOf(config, 0);

    const { stats } = await run(fresh({ objective: config }), 2, { objective: (t, s) => (ks.push(t.k), bs.push(t.b), base(t, s)) });
    const plain = await run(fresh({ objective: config }), 1);

    expect(ks).toEqual([5, 5]);
    expect(bs).toEqual([B, B]);
    expect(terms.lw.length).toBe(5);
    close(plain.stats[0].loss, iwae);
    expect(stats[0].loss).toBe(plain.stats[0].loss);
  });
});

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

describe('learning-rate schedule and EMA reach the update', () => {
  it('lr 0.004 with 4 warm-up updates: the first Adamax update moves every weight by at most 0.001, most by exactly 0.001', async () => {
    const state = fresh({ optimizer: { lr: 0.004, warmup: 4 } });
    const w0 = snapshot(state.params);

    await run(state, 1);

    const moves = [...snapshot(state.params)].flatMap(([k, w]) => Array.from(w, (v, i) => Math.abs(v - w0.get(k)![i])));
    expect(Math.max(...moves)).toBeCloseTo(0.001, 6);
    expect(moves.filter((m) => Math.abs(m - 0.001) < 1e-6).length / moves.length).toBeGreaterThan(0.5);
  });

  it.each(['adamax', 'adam'] as const)('%s with a constant gradient moves a weight by lr * decay^(t-1) * min(1, t / warmup) at update t', (name) => {
    const optimizer = createOptimizer({ ...defaultOptimizer, name, lr: 0.004, decay: 0.5, warmup: 4 });
    const w = tf.variable(tf.zeros([3]), true, `w-${name}`);
    const variables = new Map([['w', w]]);
    const g = tf.tensor1d([2, -0.5, 1e-3]);
    const moves: number[][] = [];

    for (let t = 1; t <= 6; t++) {
      const before = Array.from(w.dataSync());
      optimizer.apply(variables, { w: g });
      moves.push(Array.from(w.dataSync(), (v, i) => before[i] - v));
    }
    optimizer.dispose();
    tf.dispose([w, g]);

    moves.forEach((m, j) => {
      const t = j + 1;
      const rate = 0.004 * 0.5 ** (t - 1) * Math.min(1, t / 4);
      expect(m[0] / rate, `update ${t}`).toBeCloseTo(1, 4);
      expect(m[1] / rate, `update ${t}`).toBeCloseTo(-1, 4);
    });
  });

  it('one step with EMA decay 0.999 moves the EMA with decay min(0.999, 2/11): ema = (2/11) w_0 + (9/11) w_1', async () => {
    const state = fresh({ emaDecay: 0.999 });
    const w0 = snapshot(state.params);

    await run(state, 1);

    const w1 = snapshot(state.params);
    const ema = snapshot(state.ema);
    const d = 2 / 11;
    const worst = Math.max(...[...ema].flatMap(([k, e]) => Array.from(e, (v, i) => Math.abs(v - (d * w0.get(k)![i] + (1 - d) * w1.get(k)![i])))));
    expect(worst).toBeLessThan(1e-6);
  });

  it('EMA decay 0 copies the weights at every step', async () => {
    const state = fresh({ emaDecay: 0 });

    await run(state, 2);

    expect(snapshot(state.ema)).toEqual(snapshot(state.params));
  });
});
