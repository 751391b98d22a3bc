import * as tf from '@tensorflow/tfjs';
import { logSumExp } from './log-space.js';
import { readKept } from './read.js';
import { klOf, logWeights, scoredLatents } from './objectives/log-weights.js';
import type { Trace } from './trace.js';

/** Bits per dimension of a bound in nats: -L / (d ln 2) (BIVA section 4; d = h w c for images). */
export const bitsPerDim = (nats: number, dimension: number): number => -nats / (dimension * Math.LN2);

/**
 * KL(q || p) per latent node in nats, averaged over K and the batch
 * (analytic where available). Reads the trace's lazy terms without freeing
 * them, so objectives can still be computed on the same trace afterwards.
 * The tensors are made before the first await (call it inside the trace's
 * tf.tidy and await the promise after the tidy); the read is asynchronous.
 */
export const klPerNode = async (trace: Trace): Promise<Record<string, number>> => {
  const latents = scoredLatents(trace);
  if (latents.length === 0) return {};
  const values = await readKept(tf.stack(latents.map((t) => tf.mean(klOf(t, 'analytic')))));
  return Object.fromEntries(latents.map((t, i) => [t.name, values[i]]));
};

/**
 * Active units (Burda et al. 2016): a latent dimension u is active when
 * Cov_x(E_{q(u|x)}[u]) > threshold (0.01). `means` holds E_q[z] per datum
 * [N, D]; the result counts the dimensions above the threshold.
 */
export const activeUnits = async (means: tf.Tensor2D, threshold = 0.01): Promise<{ active: number; total: number; variances: Float32Array }> => {
  const variances = await readKept(tf.tidy(() => tf.moments(means, 0).variance));
  return { active: variances.filter((v) => v > threshold).length, total: variances.length, variances: Float32Array.from(variances) };
};

/**
 * Effective sample size of the normalized importance weights per datum [B]:
 * ESS = (sum_k w_k)^2 / sum_k w_k^2 = exp(2 lse(log w) - lse(2 log w)), in [1, K].
 * Call inside the tf.tidy of the trace, like an objective.
 */
export const effectiveSampleSize = (trace: Trace): tf.Tensor1D => {
  const lw = logWeights(trace);
  return tf.exp(tf.sub(tf.mul(logSumExp(lw, 0), 2), logSumExp(tf.mul(lw, 2), 0))) as tf.Tensor1D;
};
