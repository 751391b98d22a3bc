import * as tf from '@tensorflow/tfjs';
import type { Distribution } from './distribution.js';
import { bernoulliLogProb, bernoulliLogProbElements, bernoulliMean, bernoulliParams, bernoulliSample } from './bernoulli.js';
import {
  categoricalEntropyElements,
  categoricalLogProb,
  categoricalLogProbElements,
  categoricalParams,
  categoricalProbs,
  categoricalSample,
  uniformCategoricalParams,
  type CategoricalParams,
} from './categorical.js';
import {
  discretizedLogisticLogProb,
  discretizedLogisticLogProbElements,
  discretizedLogisticMean,
  discretizedLogisticParams,
  discretizedLogisticSample,
} from './discretized-logistic.js';
import {
  normalLogProb,
  normalLogProbElements,
  normalParams,
  normalSample,
  standardNormalParams,
  type NormalParams,
} from './normal.js';

/**
 * A distribution with its parameters bound: the one interface the compiler
 * uses, whatever the family. Every method returns new tensors.
 */
export interface Density {
  /** Log-density per element [N, ...shape] (per pixel [N, h, w] for the discretized logistic). */
  readonly logProbElements: (x: tf.Tensor) => tf.Tensor;
  /** A sample [N, ...shape] from `seed`; reparameterized for the Normal. */
  readonly sample: (seed: number) => tf.Tensor;
  /** The mean (probabilities for Bernoulli, class probabilities for Categorical), for display. */
  readonly mean: () => tf.Tensor;
  /** Present for Normals: the parameters, for analytic KL. */
  readonly normal?: NormalParams;
  /** Present for Categoricals: the normalized log-probabilities, for enumeration and entropy. */
  readonly categorical?: CategoricalParams;
}

/** Binds a net's raw output [N, ...paramShape] to the node's distribution family. */
export const densityOf = (spec: Distribution, raw: tf.Tensor): Density => {
  switch (spec.family) {
    case 'normal': {
      const p = normalParams(spec, raw);
      return { logProbElements: (x) => normalLogProbElements(p, x), sample: (s) => normalSample(p, s), mean: () => p.loc, normal: p };
    }
    case 'bernoulli': {
      const p = bernoulliParams(spec, raw);
      return { logProbElements: (x) => bernoulliLogProbElements(p, x), sample: (s) => bernoulliSample(p, s), mean: () => bernoulliMean(p) };
    }
    case 'categorical': {
      const p = categoricalParams(spec, raw);
      return {
        logProbElements: (x) => categoricalLogProbElements(spec, p, x),
        sample: (s) => categoricalSample(p, s),
        mean: () => categoricalProbs(p),
        categorical: p,
      };
    }
    case 'discretizedLogistic': {
      const p = discretizedLogisticParams(spec, raw);
      return {
        logProbElements: (x) => discretizedLogisticLogProbElements(p, x),
        sample: (s) => discretizedLogisticSample(p, s),
        mean: () => discretizedLogisticMean(p),
      };
    }
  }
};

/**
 * The log-density of `x` [N, ...shape] under the distribution `spec` with
 * raw parameters `raw` [N, ...paramShape(spec)], the layout a net head
 * emits, summed over the event: [N] nats. The layouts, one per family:
 * Normal {@link normalLogProb}, Bernoulli {@link bernoulliLogProb},
 * Categorical {@link categoricalLogProb}, discretized logistic
 * {@link discretizedLogisticLogProb}. Values outside the family's support
 * give -inf. Call inside tf.tidy.
 */
export const logProb = (spec: Distribution, raw: tf.Tensor, x: tf.Tensor): tf.Tensor1D => {
  switch (spec.family) {
    case 'normal':
      return normalLogProb(spec, raw, x);
    case 'bernoulli':
      return bernoulliLogProb(spec, raw, x);
    case 'categorical':
      return categoricalLogProb(spec, raw, x);
    case 'discretizedLogistic':
      return discretizedLogisticLogProb(spec, raw, x);
  }
};

/**
 * The fixed, parameter-free prior of a family for `n` samples: N(0, I) for a
 * Normal, the uniform distribution for a Categorical. Other families have no
 * fixed prior (validation rejects them).
 */
export const fixedPriorOf = (spec: Distribution, n: number): Density => {
  if (spec.family === 'normal') {
    const p = standardNormalParams(n, spec.shape);
    return { logProbElements: (x) => normalLogProbElements(p, x), sample: (s) => normalSample(p, s), mean: () => p.loc, normal: p };
  }
  if (spec.family === 'categorical') {
    const p = uniformCategoricalParams(n, spec);
    return {
      logProbElements: (x) => categoricalLogProbElements(spec, p, x),
      sample: (s) => categoricalSample(p, s),
      mean: () => categoricalProbs(p),
      categorical: p,
    };
  }
  throw new Error(`fixedPriorOf: the ${spec.family} family has no fixed prior`);
};

/** Entropy per element of a Categorical density (used by M2 on unlabelled data). */
export const categoricalEntropy = (d: Density): tf.Tensor => {
  if (d.categorical === undefined) throw new Error('categoricalEntropy: the density is not Categorical');
  return categoricalEntropyElements(d.categorical);
};
