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
  /**
   * Evaluation split over the ranks of a data-parallel run
   * (src/distributed/evaluation.ts): only the batches `keep` accepts are
   * evaluated (each keeps the seed of its index in `batches`), and `sum`
   * sums a vector over the ranks (a collective, called twice on every rank),
   * so every rank returns the report of the whole of `batches`.
   */
  readonly shard?: { readonly keep: (batchIndex: number) => boolean; readonly sum: (values: Float64Array) => Float64Array };
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
  // Awaited together: one failed read rejects once, and leaves no other read's rejection unhandled.
  const values = await Promise.all(reads.flatMap(([, m, v]) => [m, v]));
  return new Map(reads.map(([name, , , d], i) => [name, { m: values[2 * i], v: values[2 * i + 1], d }]));
};

/** Per latent node: rows seen and, per unit, the sums of the sample means, their squares and the within-datum variances. */
type UnitSums = Map<string, { n: number; d: number; s: Float64Array; s2: Float64Array; within: Float64Array }>;

/** Adds a batch's posterior moments to `sums`. */
const addMoments = (sums: UnitSums, moments: Awaited<ReturnType<typeof posteriorMoments>>): void => {
  for (const [name, { m, v, d }] of moments) {
    const acc = sums.get(name) ?? { n: 0, d, s: new Float64Array(d), s2: new Float64Array(d), within: new Float64Array(d) };
    acc.n += m.length / d;
    for (let r = 0; r < m.length; r++) {
      const u = r % d;
      acc.s[u] += m[r];
      acc.s2[u] += m[r] * m[r];
      acc.within[u] += v[r];
    }
    sums.set(name, acc);
  }
};

/**
 * Active units per latent node: Cov_x(E_q[u]) estimated from S posterior
 * samples as Var_x(sample mean) - E_x[sample variance] / (S - 1), unbiased for
 * the variance of the exact posterior mean, then thresholded.
 */
const activeUnitsOf = (sums: UnitSums, samples: number, threshold: number): EvalReport['activeUnits'] =>
  Object.fromEntries(
    [...sums].map(([name, { n, d, s, s2, within }]) => {
      let active = 0;
      for (let u = 0; u < d; u++) {
        const between = s2[u] / n - (s[u] / n) ** 2;
        if (between - within[u] / n / Math.max(1, samples - 1) > threshold) active += 1;
      }
      return [name, { active, total: d }];
    }),
  );

/**
 * The sums of every rank (options.shard): [rows, sum L_1, sum L_K, KL sums
 * per latent] and each latent's unit sums, laid out by dimensions agreed
 * first (a rank without batches knows none).
 */
const sumOverShards = (model: Model, sum: (v: Float64Array) => Float64Array, totals: number[], sums: UnitSums): { totals: number[]; sums: UnitSums } => {
  const names = model.latents;
  const dims = sum(Float64Array.from(names.flatMap((n) => [sums.get(n)?.d ?? 0, sums.has(n) ? 1 : 0])));
  const shape = names.map((n, i) => ({ name: n, present: dims[2 * i + 1] > 0, d: dims[2 * i + 1] > 0 ? Math.round(dims[2 * i] / dims[2 * i + 1]) : 0 }));
  const flat = Float64Array.from([...totals, ...shape.flatMap(({ name, d }) => {
    const acc = sums.get(name);
    return acc === undefined ? new Array<number>(1 + 3 * d).fill(0) : [acc.n, ...acc.s, ...acc.s2, ...acc.within];
  })]);
  const all = sum(flat);
  const out: UnitSums = new Map();
  let at = totals.length;
  for (const { name, present, d } of shape) {
    if (present) out.set(name, { n: all[at], d, s: all.slice(at + 1, at + 1 + d), s2: all.slice(at + 1 + d, at + 1 + 2 * d), within: all.slice(at + 1 + 2 * d, at + 1 + 3 * d) });
    at += 1 + 3 * d;
  }
  return { totals: Array.from(all.subarray(0, totals.length)), sums: out };
};

/** Evaluates the model with `params` (e.g. the EMA weights) over `batches`. */
export const evaluateBounds = async (model: Model, params: ParamStore, batches: Iterable<Batch>, options: EvalOptions): Promise<EvalReport> => {
  const samples = options.unitSamples ?? 16;
  let sums: UnitSums = new Map();
  let n = 0;
  let l1 = 0;
  let lk = 0;
  const kl = new Float64Array(model.latents.length);
  let index = 0;
  for (const batch of batches) {
    const i = index++;
    if (options.shard !== undefined && !options.shard.keep(i)) continue;
    const seed = deriveSeed(options.seed, i);
    let reads: [Promise<Float32Array>, Promise<Record<string, number>>] | undefined;
    tf.tidy(() => {
      const t = trace(model, params, batch, { k: 1, seed });
      reads = [readKept(elboPerDatum(t)), klPerNode(t)];
    });
    const [boundValues, nodeKl] = await Promise.all(reads!);
    const bound = Array.from(boundValues);
    n += bound.length;
    l1 += bound.reduce((a, b) => a + b, 0);
    lk += (await iwaeStreaming(model, params, batch, { k: options.k, chunk: options.chunk, seed: deriveSeed(seed, 1) })).reduce((a, b) => a + b, 0);
    model.latents.forEach((name, j) => (kl[j] += (nodeKl[name] ?? 0) * bound.length));
    addMoments(sums, await posteriorMoments(model, params, batch, samples, deriveSeed(seed, 2)));
  }
  let totals = [n, l1, lk, ...kl];
  if (options.shard !== undefined) ({ totals, sums } = sumOverShards(model, options.shard.sum, totals, sums));
  const [total, sumL1, sumLk, ...klSums] = totals;
  const per = (x: number): number => x / Math.max(1, total);
  return { examples: total, k: options.k, l1: per(sumL1), lk: per(sumLk), kl: Object.fromEntries(model.latents.map((name, j) => [name, per(klSums[j])])), activeUnits: activeUnitsOf(sums, samples, options.threshold ?? 0.01) };
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
