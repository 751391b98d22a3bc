import * as tf from '@tensorflow/tfjs';
import type { Trace } from '../trace.js';
import { klOf, reconstruction, scoredLatents, sumKB } from './log-weights.js';

/** How KL terms are estimated: closed form where the trace has it, or Monte Carlo. */
export type KlMode = 'analytic' | 'mc';

/**
 * The evidence lower bound per datum [B] (Kingma & Welling 2014):
 * L_1 = E_q[log p(x | z)] - sum_n KL(q(z_n | pa_q) || p(z_n | pa_p)),
 * averaged over the K samples. With `kl: 'mc'` it is exactly the mean over K
 * of the log-weights; with 'analytic' (default) each Normal-Normal KL is in
 * closed form given the sampled parents (lower variance, same expectation).
 */
export const elboPerDatum = (trace: Trace, options: { kl?: KlMode } = {}): tf.Tensor1D => {
  const mode = options.kl ?? 'analytic';
  const kl = sumKB(trace, scoredLatents(trace).map((t) => klOf(t, mode)));
  return tf.mean(tf.sub(reconstruction(trace), kl), 0) as tf.Tensor1D;
};

/** The ELBO averaged over the batch (a scalar); maximize it. */
export const elbo = (trace: Trace, options: { kl?: KlMode } = {}): tf.Scalar => tf.mean(elboPerDatum(trace, options));
