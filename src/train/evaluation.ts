/**
 * Evaluation of a trained model on a data split (BIVA section 4): L_1 and
 * L_K per datum (L_K streamed over chunks of K by iwaeStreaming), KL per
 * latent node, and active units; and per-example scores L^{>k} for anomaly
 * detection. Batches are model batches; the caller owns their tensors.
 */
import * as tf from '@tensorflow/tfjs';
import type { Model } from '../dsl/model.js';
import type { ParamStore } from '../dsl/params.js';
import { iwaeStreaming } from '../inference/evaluate.js';
import { klPerNode } from '../inference/metrics.js';
import { readKept } from '../inference/read.js';
import { elboPerDatum } from '../inference/objectives/elbo.js';
import { trace, type Batch } from '../inference/trace.js';
import { deriveSeed } from '../random/prng.js';

/** Options of an evaluation. */
export interface EvalOptions {
  /** Importance samples of L_K. */
  readonly k: number;
  /** Samples per chunk of the streaming L_K (default 100). */
  readonly chunk?: number;
  readonly seed: number;
  /** Posterior samples per datum for the active-unit estimate (default 16). */
  readonly unitSamples?: number;
  /** Activity threshold on Cov_x(E_q[u]) (default 0.01, Burda et al. 2016). */
  readonly threshold?: number;
}

/** What an evaluation measured; bounds in nats per datum (means over the examples). */
export interface EvalReport {
  readonly examples: number;
  readonly k: number;
  readonly l1: number;
  readonly lk: number;
  readonly kl: Readonly<Record<string, number>>;
  readonly activeUnits: Readonly<Record<string, { readonly active: number; readonly total: number }>>;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/**
 * Posterior means and within-datum variances of each latent from S samples
 * of the q-world: rows [B, D] each.
 */
const posteriorMoments = async (model: Model, params: ParamStore, batch: Batch, samples: number, seed: number): Promise<Map<string, { m: Float32Array; v: Float32Array; d: number }>> => {
  const reads: [string, Promise<Float32Array>, Promise<Float32Array>, number][] = [];
  tf.tidy(() => {
    const t = trace(model, params, batch, { k: samples, seed });
    for (const name of model.latents) {
      const z = t.q.get(name)?.t;
      if (z === undefined) continue;
      const d = z.size / (samples * t.b);
      const { mean: m, variance: v } = tf.moments(z.reshape([samples, t.b, d]), 0);
      reads.push([name, readKept(m), readKept(v), d]);
    }
  });
  const out = new Map<string, { m: Float32Array; v: Float32Array; d: number }>();
  for (const [name, m, v, d] of reads) out.set(name, { m: await m, v: await v, d });
  return out;
};

/**
 * Active units per latent node: Cov_x(E_q[u]) estimated from S posterior
 * samples as Var_x(sample mean) - E_x[sample variance] / (S - 1), unbiased for
 * the variance of the exact posterior mean, then thresholded.
 */
const activeUnitsOf = (rows: Map<string, { m: Float32Array[]; v: Float32Array[]; d: number }>, samples: number, threshold: number): EvalReport['activeUnits'] =>
  Object.fromEntries(
    [...rows].map(([name, { m, v, d }]) => {
      const n = m.reduce((a, x) => a + x.length / d, 0);
      let active = 0;
      for (let u = 0; u < d; u++) {
        let s = 0;
        let s2 = 0;
        let within = 0;
        m.forEach((rowsM, i) => {
          for (let r = u; r < rowsM.length; r += d) {
            s += rowsM[r];
            s2 += rowsM[r] * rowsM[r];
            within += v[i][r];
          }
        });
        const between = s2 / n - (s / n) ** 2;
        if (between - within / n / Math.max(1, samples - 1) > threshold) active += 1;
      }
      return [name, { active, total: d }];
    }),
  );

/** Evaluates the model with `params` (e.g. the EMA weights) over `batches`. */
export const evaluateBounds = async (model: Model, params: ParamStore, batches: Iterable<Batch>, options: EvalOptions): Promise<EvalReport> => {
  const l1: number[] = [];
  const lk: number[] = [];
  const kls: { n: number; kl: Record<string, number> }[] = [];
  const samples = options.unitSamples ?? 16;
  const rows = new Map<string, { m: Float32Array[]; v: Float32Array[]; d: number }>();
  let index = 0;
  for (const batch of batches) {
    const seed = deriveSeed(options.seed, index++);
    let reads: [Promise<Float32Array>, Promise<Record<string, number>>] | undefined;
    tf.tidy(() => {
      const t = trace(model, params, batch, { k: 1, seed });
      reads = [readKept(elboPerDatum(t)), klPerNode(t)];
    });
    const bound = Array.from(await reads![0]);
    const kl = await reads![1];
    l1.push(...bound);
    kls.push({ n: bound.length, kl });
    lk.push(...(await iwaeStreaming(model, params, batch, { k: options.k, chunk: options.chunk, seed: deriveSeed(seed, 1) })));
    for (const [name, mv] of await posteriorMoments(model, params, batch, samples, deriveSeed(seed, 2))) {
      const acc = rows.get(name) ?? { m: [], v: [], d: mv.d };
      acc.m.push(mv.m);
      acc.v.push(mv.v);
      rows.set(name, acc);
    }
  }
  const total = l1.length;
  const kl = Object.fromEntries(model.latents.map((n) => [n, kls.reduce((a, b) => a + (b.kl[n] ?? 0) * b.n, 0) / Math.max(1, total)]));
  return { examples: total, k: options.k, l1: mean(l1), lk: mean(lk), kl, activeUnits: activeUnitsOf(rows, samples, options.threshold ?? 0.01) };
};

/** Per-example L^{>k} (importance-weighted with `k` samples): the anomaly score of BIVA section 4.3. */
export const scoreExamples = async (
  model: Model,
  params: ParamStore,
  batches: Iterable<Batch>,
  options: { readonly k: number; readonly seed: number; readonly resample: ReadonlySet<string>; readonly chunk?: number },
): Promise<Float32Array> => {
  const out: number[] = [];
  let index = 0;
  for (const batch of batches) out.push(...(await iwaeStreaming(model, params, batch, { k: options.k, chunk: options.chunk, seed: deriveSeed(options.seed, index++), resample: options.resample })));
  return Float32Array.from(out);
};
