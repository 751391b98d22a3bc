import * as tf from '@tensorflow/tfjs';
import type { Trace } from '../trace.js';
import { logMeanExp } from '../log-space.js';
import { logWeights } from './log-weights.js';

/**
 * The importance-weighted bound per datum [B] (Burda et al. 2016):
 * L_K = log (1/K) sum_k w_k = logsumexp_k log w_k - log K.
 * Pathwise L_K >= mean_k log w_k; L_1 equals the Monte Carlo ELBO on the same
 * noise; E[L_K] rises with K towards log p(x). A datum whose K log-weights
 * are all -inf (every sample impossible) gets -inf, not NaN; -inf samples
 * among finite ones count as weight 0 (see log-space.ts).
 */
export const iwaePerDatum = (trace: Trace): tf.Tensor1D => logMeanExp(logWeights(trace), 0) as tf.Tensor1D;

/** L_K averaged over the batch (a scalar). */
export const iwae = (trace: Trace): tf.Scalar => tf.mean(iwaePerDatum(trace));
