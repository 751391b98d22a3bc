import * as tf from '@tensorflow/tfjs';
import type { Model } from '../dsl/model.js';
import type { ParamStore } from '../dsl/params.js';
import { elboPerDatum } from '../inference/objectives/elbo.js';
import { freeBits } from '../inference/objectives/free-bits.js';
import { iwaePerDatum } from '../inference/objectives/iwae.js';
import { logWeights } from '../inference/objectives/log-weights.js';
import { readKept } from '../inference/read.js';
import { trace, type Batch, type TraceOptions } from '../inference/trace.js';

/** What the bound laws are checked on: any validated model, its parameters, and a batch of data. */
export interface LawSubject {
  readonly model: Model;
  readonly params: ParamStore;
  readonly batch: Batch;
}

/** Reads a per-datum objective of one trace as plain numbers (no tensor survives). */
export const perDatum = (
  subject: LawSubject,
  options: TraceOptions,
  objective: (t: ReturnType<typeof trace>) => tf.Tensor,
): Promise<Float32Array> =>
  readKept(tf.tidy(() => objective(trace(subject.model, subject.params, subject.batch, options))));

/** The Monte Carlo ELBO per datum (mean over K of log w). */
export const mcElbo = (t: ReturnType<typeof trace>): tf.Tensor => elboPerDatum(t, { kl: 'mc' });

/** The ELBO per datum with analytic KL where available. */
export const analyticElbo = (t: ReturnType<typeof trace>): tf.Tensor => elboPerDatum(t, { kl: 'analytic' });

/** L_K per datum. */
export const iwaeBound = (t: ReturnType<typeof trace>): tf.Tensor => iwaePerDatum(t);

/** mean_k log w per datum: what L_K must dominate pathwise. */
export const meanLogWeight = (t: ReturnType<typeof trace>): tf.Tensor => tf.mean(logWeights(t), 0);

/** The free-bits objective per datum with floor `lambda` (per node, over the batch, analytic KL). */
export const freeBitsBound =
  (lambda: number) =>
  (t: ReturnType<typeof trace>): tf.Tensor =>
    freeBits(lambda, { groupBy: 'node', over: 'batch', kl: 'analytic' })(t);
