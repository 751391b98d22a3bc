import * as tf from '@tensorflow/tfjs';
import type { NodeTerms, Trace } from '../trace.js';
import { klOf, reconstruction, scoredLatents, sumKB } from './log-weights.js';
import type { KlMode } from './elbo.js';

/**
 * Options of the free-bits floor. The published BIVA implementations differ
 * here, so the granularity is explicit:
 * - groupBy 'node': one floor per latent node on its total KL (nats);
 *   'dimension': one floor per latent dimension (Kingma et al. 2016 apply it
 *   per group of dimensions).
 * - over 'batch': the group's KL is first averaged over the batch (and K),
 *   then floored: max(lambda, E_batch[KL_j]) (Kingma et al. 2016, eq. 14);
 *   'datapoint': floored per datum, E_batch[max(lambda, KL_j)].
 * - `lambda` is nats per group; `total` instead spreads a total budget
 *   equally over the groups (lambda = total / number of groups), as the BIVA
 *   text model does.
 */
export interface FreeBitsOptions {
  readonly groupBy?: 'node' | 'dimension';
  readonly over?: 'batch' | 'datapoint';
  readonly kl?: KlMode;
  /** Over 'batch': the means over the whole batch of this process's group means (default: the identity, one process). */
  readonly meanOverBatch?: BatchMean;
}

/**
 * The means over the whole (global) batch of G quantities, given this
 * process's means over its own rows [G]: the identity in one process; in
 * data-parallel training (src/distributed) the mean over ranks of equal
 * shards, so that every rank floors the KL of the global batch, as one
 * process on that batch would. Only the values count: the floor's decision
 * has no gradient, so the result may be a constant.
 */
export type BatchMean = (localMeans: tf.Tensor1D) => tf.Tensor1D;

const identity: BatchMean = (m) => m;

/** The KL floor in nats: a per-group lambda, or a total spread over the groups. */
export type FreeBitsFloor = number | { readonly total: number };

/** KL groups of one latent, each [K, B]: the node total or each of its dimensions. */
const groupsOf = (term: NodeTerms, groupBy: 'node' | 'dimension', mode: KlMode): tf.Tensor2D[] => {
  if (groupBy === 'node') return [klOf(term, mode)];
  const e = mode === 'mc' ? term.mcKlElements! : term.klElements!;
  const [k, b] = e.shape;
  const dims = e.size / (k * b);
  return tf.unstack(e.reshape([k, b, dims]), 2) as tf.Tensor2D[];
};

/**
 * The floored KL of each group per datum [K, B]: over 'datapoint',
 * max(lambda, KL) per datum; over 'batch', the group's KL where its batch
 * mean (one `meanOverBatch` call for all groups) clears the floor, lambda
 * where it does not, so the gradient is the KL's where the floor is inactive
 * and zero where it is active.
 */
const floorAll = (groups: readonly tf.Tensor2D[], lambda: number, over: 'batch' | 'datapoint', meanOverBatch: BatchMean): tf.Tensor2D[] => {
  // lambda 0 (the paper's fine-tuning) is the ELBO itself: a Monte Carlo KL estimate may be negative and must not be floored at 0.
  if (lambda === 0) return [...groups];
  if (over === 'datapoint' || groups.length === 0) return groups.map((kl) => tf.maximum(kl, lambda) as tf.Tensor2D);
  const means = meanOverBatch(tf.stack(groups.map((kl) => tf.mean(kl))) as tf.Tensor1D);
  // One float slice per group, compared there: the gradient of an unstacked boolean fails in tfjs's tape.
  const clears = (g: number): tf.Tensor => tf.greaterEqual(tf.slice(means, [g], [1]).reshape([]), lambda);
  return groups.map((kl, g) => tf.where(clears(g), kl, tf.fill(kl.shape, lambda)) as tf.Tensor2D);
};

/**
 * The free-bits objective per datum [B] (Kingma et al. 2016):
 * E_q[log p(x | z)] - sum_j max(lambda, KL_j). Since max(lambda, KL) >= KL it
 * is <= the ELBO on the same noise; with lambda 0 it is the ELBO (no floor:
 * the Monte Carlo KL of a latent whose p-parents depend on it may be < 0). Over 'batch' the floor
 * is decided on the batch means that `options.meanOverBatch` returns.
 */
export const freeBits =
  (floor: FreeBitsFloor, options: FreeBitsOptions = {}) =>
  (trace: Trace): tf.Tensor1D => {
    const groupBy = options.groupBy ?? 'node';
    const over = options.over ?? 'batch';
    const mode = options.kl ?? 'analytic';
    const groups = scoredLatents(trace).flatMap((t) => groupsOf(t, groupBy, mode));
    const lambda = typeof floor === 'number' ? floor : floor.total / Math.max(1, groups.length);
    if (!(lambda >= 0)) throw new Error(`freeBits: lambda must be >= 0 nats, got ${lambda}`);
    const kl = sumKB(trace, floorAll(groups, lambda, over, options.meanOverBatch ?? identity));
    return tf.mean(tf.sub(reconstruction(trace), kl), 0) as tf.Tensor1D;
  };
