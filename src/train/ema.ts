/**
 * The exponential moving average of the weights (the paper evaluates with
 * it): a second parameter store, updated after every applied step as
 * ema <- decay * ema + (1 - decay) * w.
 */
import * as tf from '@tensorflow/tfjs';
import type { ParamStore } from '../dsl/params.js';

/** A store of copies of `params` (same names and shapes, not trainable). */
export const createEma = (params: ParamStore): ParamStore =>
  new Map([...params].map(([name, v]) => [name, tf.variable(v.clone(), false)]));

/** Moves every EMA weight towards its parameter by (1 - decay). */
export const updateEma = (ema: ParamStore, params: ParamStore, decay: number): void =>
  tf.tidy(() => {
    for (const [name, e] of ema) {
      const w = params.get(name);
      if (w !== undefined) e.assign(tf.add(tf.mul(e, decay), tf.mul(w, 1 - decay)));
    }
  });

/**
 * The decay used after `updates` applied updates: min(decay, (1 + n) / (10 + n)),
 * as tf.train.ExponentialMovingAverage with num_updates, so the EMA of a
 * short run is not stuck near the initial weights.
 */
export const emaDecayAt = (decay: number, updates: number): number => Math.min(decay, (1 + updates) / (10 + updates));
