/**
 * The exponential moving average of the weights (the paper evaluates with
 * it): a second parameter store, updated after every applied step as
 * ema <- decay * ema + (1 - decay) * w.
 */
import * as tf from '@tensorflow/tfjs';
import { movingAverages } from '../ops/moving-average.js';
import type { ParamStore } from '../dsl/params.js';

/** A store of copies of `params` (same names and shapes, not trainable). */
export const createEma = (params: ParamStore): ParamStore =>
  new Map([...params].map(([name, v]) => [name, tf.tidy(() => tf.variable(v.clone(), false))]));

/**
 * Moves every EMA weight towards its parameter by (1 - decay), all in one
 * kernel on the native backend.
 */
export const updateEma = (ema: ParamStore, params: ParamStore, decay: number): void => {
  const pairs = [...ema].flatMap(([name, e]) => {
    const w = params.get(name);
    return w === undefined ? [] : [[e, w] as const];
  });
  const next = movingAverages(pairs.map(([e]) => e), pairs.map(([, w]) => w), decay);
  pairs.forEach(([e], i) => e.assign(next[i]));
  tf.dispose(next);
};

/**
 * The decay used after `updates` applied updates: min(decay, (1 + n) / (10 + n)),
 * as tf.train.ExponentialMovingAverage with num_updates, so the EMA of a
 * short run is not stuck near the initial weights.
 */
export const emaDecayAt = (decay: number, updates: number): number => Math.min(decay, (1 + updates) / (10 + updates));
