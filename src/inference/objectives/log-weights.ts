import * as tf from '@tensorflow/tfjs';
import { addMany } from '../../ops/add-many.js';
import type { NodeTerms, Trace } from '../trace.js';

/** Sum of [K, B] tensors (zeros [K, B] for none). */
export const sumKB = (trace: Trace, ts: readonly tf.Tensor[]): tf.Tensor2D =>
  (ts.length === 0 ? tf.zeros([trace.k, trace.b]) : ts.length === 1 ? ts[0] : addMany(ts)) as tf.Tensor2D;

/** log p of the observed nodes and labels [K, B]: the reconstruction term. */
export const reconstruction = (trace: Trace): tf.Tensor2D =>
  sumKB(trace, trace.terms.filter((t) => t.role !== 'latent').map((t) => t.logp));

/** The latents scored by both worlds (not resampled); reading `in` computes no lazy field. */
export const scoredLatents = (trace: Trace): NodeTerms[] => trace.terms.filter((t) => t.role === 'latent' && 'logq' in t);

/**
 * The importance log-weights [K, B] (ARCHITECTURE.md, "The path of a batch"; Burda et al. 2016):
 * log w = log p(x | pa_p(x)) + sum_{n latent, n not in S} [log p(z_n | pa_p(n)) - log q(z_n | pa_q(n))].
 * Labels contribute log p(y) (the M2 joint p(x, y, z)).
 */
export const logWeights = (trace: Trace): tf.Tensor2D =>
  tf.add(reconstruction(trace), sumKB(trace, scoredLatents(trace).map((t) => tf.sub(t.logp, t.logq!)))) as tf.Tensor2D;

/** Per-latent KL [K, B]: the analytic KL where the trace has it, else log q - log p. */
export const klOf = (term: NodeTerms, mode: 'analytic' | 'mc'): tf.Tensor2D => {
  if (mode === 'analytic' && term.analytic === true && 'klElements' in term) {
    const e = term.klElements!;
    return (e.rank === 2 ? e : tf.sum(e, Array.from({ length: e.rank - 2 }, (_, i) => i + 2))) as tf.Tensor2D;
  }
  return tf.sub(term.logq!, term.logp) as tf.Tensor2D;
};
