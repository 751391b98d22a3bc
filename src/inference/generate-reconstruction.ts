/**
 * Reconstructions: each datum encoded by one draw z ~ q(z | x), then decoded
 * by p(x | z). An autoregressive net (the LSTM decoder) decodes step by step
 * from its own previous tokens, as when sampling, so a reconstructed
 * sentence is what the model says given z, not a teacher-forced next-word
 * guess (Bowman et al. 2016, section 5); other token likelihoods give their
 * most probable class per position, and other likelihoods their mean.
 */
import * as tf from '@tensorflow/tfjs';
import type { Model } from '../dsl/model.js';
import { lookup, type ParamStore } from '../dsl/params.js';
import { deriveSeed } from '../random/prng.js';
import { endSentences } from './generate-text.js';
import { trace, type Batch } from './trace.js';
import { netInput, type EvalContext } from './world.js';

/**
 * The reconstruction of every observed node of `batch` ([B, ...shape] each),
 * token sequences as ids cut after their first `eos` (when given). Runs in
 * its own tf.tidy: the caller owns (and disposes) the returned tensors.
 */
export const reconstruct = (model: Model, params: ParamStore, batch: Batch, options: { readonly seed: number; readonly eos?: number }): ReadonlyMap<string, tf.Tensor> => {
  const out = tf.tidy(() => {
    const t = trace(model, params, batch, { k: 1, seed: options.seed });
    const get = lookup(params);
    const ctx: EvalContext = { model, get, k: 1, b: t.b, seed: options.seed, training: false, index: new Map() };
    return model.observed.map((name, i) => {
      const cond = model.p.get(name);
      const dist = model.nodes.get(name)?.dist;
      let x: tf.Tensor;
      if (cond?.kind === 'net' && cond.net.sample !== undefined) {
        x = cond.net.sample(get, cond.parents.map((p) => netInput(ctx, p, t.q.get(p)!).t), deriveSeed(options.seed, 1, i));
      } else {
        const mean = t.likelihoods.get(name)!.mean();
        x = dist?.family === 'categorical' ? tf.cast(tf.argMax(mean, -1), 'float32') : mean;
      }
      return endSentences(model, name, x, options.eos);
    });
  });
  return new Map(model.observed.map((name, i) => [name, out[i]]));
};
