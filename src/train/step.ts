/**
 * One guarded optimizer step. Gradients come from tf.variableGrads; the
 * loss, the ELBO, the per-node KL and the squared gradient norm are read
 * back in one transfer (parameters the objective does not reach, such as
 * an unused classifier, get no update); a step whose loss or gradient is not finite is
 * skipped (weights, moments and EMA untouched). Otherwise gradients are
 * clipped to the global norm, applied, and the EMA follows.
 */
import * as tf from '@tensorflow/tfjs';
import { sumOfSquares } from '../ops/sum-of-squares.js';
import type { Model } from '../dsl/model.js';
import type { ParamStore } from '../dsl/params.js';
import type { BatchMean } from '../inference/objectives/free-bits.js';
import { elboPerDatum } from '../inference/objectives/elbo.js';
import { klOf, scoredLatents } from '../inference/objectives/log-weights.js';
import { trace, type Batch } from '../inference/trace.js';
import { readKept } from '../inference/read.js';
import { emaDecayAt } from './ema.js';
import type { Objective } from './objective.js';
import type { Optimizer } from './optimizer.js';

/** What one step measured (nats per datum). */
export interface StepStats {
  readonly step: number;
  /** The negated objective that was minimized. */
  readonly loss: number;
  /** The ELBO L_1 on the same trace. */
  readonly elbo: number;
  /** Mean KL per latent node. */
  readonly kl: Readonly<Record<string, number>>;
  readonly gradNorm: number;
  /** True when the guard skipped the update. */
  readonly skipped: boolean;
}

/** The pieces one step needs. */
export interface StepContext {
  readonly model: Model;
  readonly params: ParamStore;
  readonly ema: ParamStore;
  readonly optimizer: Optimizer;
  readonly objective: Objective;
  readonly samples: number;
  readonly emaDecay: number;
  readonly clipNorm: number;
  /**
   * Data-parallel training (src/distributed): averages the gradients over
   * ranks (takes ownership of its argument); applied before the norm, the
   * clip and the optimizer, so every rank applies the same update.
   */
  readonly reduceGradients?: (grads: Record<string, tf.Tensor>) => Record<string, tf.Tensor>;
  /** Data-parallel training: the mean over ranks of [loss, elbo, ...kl], so every rank agrees on them and on a skip. */
  readonly agreeValues?: (values: Float64Array) => Float64Array;
  /** Data-parallel training: this rank's batch means to the global batch's, passed to the objective (free bits over 'batch'). */
  readonly meanOverBatch?: BatchMean;
}

/**
 * Runs step `step` on `batch` with trace seed `seed`; leaves no tensors behind.
 * The one read (loss, ELBO, KL, squared norm) is asynchronous: the guard needs it
 * before the update, so step t + 1 cannot start before it ends.
 */
export const trainStep = async (ctx: StepContext, batch: Batch, step: number, seed: number): Promise<StepStats> => {
  const variables = [...ctx.params.values()];
  const names = [...ctx.params.keys()];
  let report: tf.Tensor1D | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const t = trace(ctx.model, ctx.params, batch, { k: ctx.samples, seed, training: true });
    const loss = tf.neg(tf.mean(ctx.objective(t, step, ctx.meanOverBatch))) as tf.Scalar;
    const kls = scoredLatents(t).map((term) => tf.mean(klOf(term, 'analytic')));
    report = tf.keep(tf.stack([loss, tf.mean(elboPerDatum(t)), ...kls]) as tf.Tensor1D);
    return loss;
  }, variables);
  let named: Record<string, tf.Tensor> = {};
  variables.forEach((v, i) => {
    const g = grads[v.name] as tf.Tensor | null | undefined;
    if (g !== null && g !== undefined) named[names[i]] = g;
  });
  if (ctx.reduceGradients !== undefined) named = ctx.reduceGradients(named);
  const normSq = sumOfSquares(Object.values(named));
  const values = await readKept(tf.tidy(() => tf.concat([report!, normSq.reshape([1])])));
  const local = Array.from(values);
  const agreed = ctx.agreeValues === undefined ? local : [...ctx.agreeValues(Float64Array.from(local.slice(0, -1))), local[local.length - 1]];
  const [loss, elbo, ...rest] = agreed;
  const gradNorm = Math.sqrt(rest[rest.length - 1]);
  const kl = Object.fromEntries(ctx.model.latents.map((n, i) => [n, rest[i]]));
  const skipped = !Number.isFinite(loss) || !Number.isFinite(gradNorm);
  if (!skipped) {
    const gradScale = ctx.clipNorm > 0 && gradNorm > ctx.clipNorm ? ctx.clipNorm / gradNorm : 1;
    const ema = { store: ctx.ema, decay: emaDecayAt(ctx.emaDecay, ctx.optimizer.iterations() + 1) };
    ctx.optimizer.apply(ctx.params, named, { gradScale, ema });
  }
  tf.dispose([value, normSq, report!, ...Object.values(named)]);
  return { step, loss, elbo, kl, gradNorm, skipped };
};
