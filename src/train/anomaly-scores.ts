/**
 * Out-of-distribution scores of a trained hierarchical model (BIVA section
 * 4.3; Havtorn et al. 2021, "Hierarchical VAEs know what they don't know"):
 * per example, the partial-prior bound L^{>k} for every chosen k (layers 1..k
 * drawn from the prior given the higher ones; k = 0 is the ordinary bound),
 * and the likelihood ratio LLR^{>k} = L^{>0} - L^{>k}, which cancels the
 * low-level image statistics that make the likelihood itself rank
 * out-of-distribution data higher (Fashion-MNIST vs MNIST). All bounds are
 * importance-weighted with the same K samples, in nats per example.
 */
import type { Model } from '../dsl/model.js';
import type { ParamStore } from '../dsl/params.js';
import type { Batch } from '../inference/trace.js';
import { partialPriorSet } from '../inference/objectives/partial-prior.js';
import { detectionMetrics, type DetectionMetrics } from '../report/detection.js';
import { scoreExamples } from './evaluation.js';

/** One named per-example score of both sets, and how well it detects the out-of-distribution set. */
export interface AnomalyScore {
  /** 'L>k' or 'LLR>k'. */
  readonly name: string;
  /** The partial-prior layer k. */
  readonly k: number;
  /** Per example of the in-distribution set (nats). */
  readonly inDistribution: Float32Array;
  /** Per example of the out-of-distribution set (nats). */
  readonly outOfDistribution: Float32Array;
  /**
   * +1 when a higher value means out-of-distribution (LLR), -1 when a lower
   * one does (a bound): detection ranks examples by direction * value.
   */
  readonly direction: 1 | -1;
  /** Detection of the out-of-distribution examples (the positives) by direction * value. */
  readonly detection: DetectionMetrics;
}

/** Options of {@link anomalyScores}. */
export interface AnomalyOptions {
  /** The k of L^{>k}; 0 is always scored (LLR needs it). */
  readonly layers: readonly number[];
  /** Importance samples per bound. */
  readonly k: number;
  readonly seed: number;
  /** Samples per chunk of the streamed bound (default 100). */
  readonly chunk?: number;
}

/**
 * The layers scored by default: 0 and every declared layer below the top
 * (L^{>top} draws every latent from the prior, a poor importance sampler).
 */
export const defaultScoreLayers = (model: Model): number[] => {
  const layers = [...new Set(model.layers)].sort((a, b) => a - b);
  return [0, ...layers.slice(0, -1)];
};

/** LLR^{>k} = L^{>0} - L^{>k}, elementwise (nats). Throws a RangeError when the lengths differ. */
export const likelihoodRatio = (bound: Float32Array, partial: Float32Array): Float32Array => {
  if (bound.length !== partial.length) throw new RangeError(`likelihoodRatio: ${bound.length} bounds but ${partial.length} partial-prior bounds`);
  return bound.map((l, i) => l - partial[i]);
};

const scored = (name: string, k: number, direction: 1 | -1, inDistribution: Float32Array, outOfDistribution: Float32Array): AnomalyScore => ({
  name,
  k,
  inDistribution,
  outOfDistribution,
  direction,
  detection: detectionMetrics(
    outOfDistribution.map((v) => direction * v),
    inDistribution.map((v) => direction * v),
  ),
});

/**
 * L^{>k} for each requested k and LLR^{>k} for each k > 0, on the
 * in-distribution batches and the out-of-distribution ones, with AUROC,
 * AUPRC and FPR80 of each score (out-of-distribution examples are the
 * positives). `batchesOf` is called once per k and set, so the batches must
 * be re-iterable (the same examples each time). Throws a RangeError naming a
 * k that is not a layer of the model (synchronously); the scores are read
 * asynchronously.
 */
export const anomalyScores = (
  model: Model,
  params: ParamStore,
  batchesOf: (set: 'in' | 'out') => Iterable<Batch>,
  options: AnomalyOptions,
): Promise<AnomalyScore[]> => {
  const layers = [...new Set([0, ...options.layers])].sort((a, b) => a - b);
  const sets = layers.map((k) => {
    const resample = partialPriorSet(model, k);
    if (resample._tag === 'Left') throw new RangeError(resample.left);
    return resample.right;
  });
  return scoreLayers(model, params, batchesOf, options, layers, sets);
};

const scoreLayers = async (
  model: Model,
  params: ParamStore,
  batchesOf: (set: 'in' | 'out') => Iterable<Batch>,
  options: AnomalyOptions,
  layers: readonly number[],
  sets: readonly ReadonlySet<string>[],
): Promise<AnomalyScore[]> => {
  const bounds = new Map<number, { in: Float32Array; out: Float32Array }>();
  for (const [i, k] of layers.entries()) {
    const score = (set: 'in' | 'out'): Promise<Float32Array> =>
      scoreExamples(model, params, batchesOf(set), { k: options.k, seed: options.seed, chunk: options.chunk, resample: sets[i] });
    bounds.set(k, { in: await score('in'), out: await score('out') });
  }
  const base = bounds.get(0) as { in: Float32Array; out: Float32Array };
  const partial = layers.map((k) => {
    const b = bounds.get(k) as { in: Float32Array; out: Float32Array };
    return scored(`L>${k}`, k, -1, b.in, b.out);
  });
  const ratios = layers
    .filter((k) => k > 0)
    .map((k) => {
      const b = bounds.get(k) as { in: Float32Array; out: Float32Array };
      return scored(`LLR>${k}`, k, 1, likelihoodRatio(base.in, b.in), likelihoodRatio(base.out, b.out));
    });
  return [...partial, ...ratios];
};
