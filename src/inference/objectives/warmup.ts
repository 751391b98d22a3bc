import * as tf from '@tensorflow/tfjs';
import { fieldsOf, lazyTerms } from '../terms.js';
import type { Trace } from '../trace.js';

/**
 * KL warm-up (Bowman et al. 2016; Sønderby et al. 2016): a trace transform
 * that scales every latent's log p, log q and KL by beta in [0, 1], so any
 * objective computed on the result reads E[log p(x | z)] - beta KL.
 */
export const warmup =
  (beta: number) =>
  (trace: Trace): Trace => {
    if (!(beta >= 0 && beta <= 1)) throw new Error(`warmup: beta must be in [0, 1], got ${beta}`);
    return {
      ...trace,
      terms: trace.terms.map((t) =>
        t.role !== 'latent'
          ? t
          : lazyTerms(
              { name: t.name, role: t.role, layer: t.layer, analytic: t.analytic },
              Object.fromEntries(fieldsOf(t).map((key) => [key, () => tf.mul(t[key]!, beta)])),
            ),
      ),
    };
  };

/** Linear warm-up schedule: beta = min(1, step / steps) (1 at once when steps is 0). */
export const linearWarmup =
  (steps: number) =>
  (step: number): number =>
    steps <= 0 ? 1 : Math.min(1, Math.max(0, step / steps));
