/**
 * Densities of declared distributions: a net's raw output bound to the
 * node's family, looked up in the table of families (families.ts). The one
 * interface the compiler and the trace use, whatever the family.
 */
import type * as tf from '@tensorflow/tfjs';
import { categoricalEntropyElements, type CategoricalParams } from './categorical.js';
import { table, type Distribution } from './families.js';
import type { BoundDensity } from './family.js';
import type { NormalParams } from './normal.js';

/**
 * A distribution with its parameters bound (a family's {@link BoundDensity}),
 * with the parameters some consumers read directly. Every method returns
 * new tensors.
 */
export interface Density extends BoundDensity {
  /** Present for Normals: the parameters, for analytic KL. */
  readonly normal?: NormalParams;
  /** Present for Categoricals: the normalized log-probabilities, for enumeration and entropy. */
  readonly categorical?: CategoricalParams;
}

/** Binds a net's raw output [N, ...paramShape] to the node's distribution family. */
export const densityOf = (spec: Distribution, raw: tf.Tensor): Density => table.densityOf(spec, raw);

/**
 * The log-density of `x` [N, ...shape] under the distribution `spec` with
 * raw parameters `raw` [N, ...paramShape(spec)], the layout a net head
 * emits, summed over the event: [N] nats. Each family's file documents its
 * layout on its spec (NormalSpec: [location | raw scale]; BernoulliSpec:
 * logits; CategoricalSpec: logits [..., classes]; DiscretizedLogisticSpec:
 * [M logits | M c means | M c log-scales]). Values outside the family's
 * support give -inf. Call inside tf.tidy.
 */
export const logProb = (spec: Distribution, raw: tf.Tensor, x: tf.Tensor): tf.Tensor1D => table.logProb(spec, raw, x);

/**
 * The fixed, parameter-free prior of a family for `n` samples: N(0, I) for a
 * Normal, the uniform distribution for a Categorical. Other families have no
 * fixed prior (validation rejects them; this throws).
 */
export const fixedPriorOf = (spec: Distribution, n: number): Density => table.fixedPriorOf(spec, n);

/** Entropy per element of a Categorical density (used by M2 on unlabelled data). */
export const categoricalEntropy = (d: Density): tf.Tensor => {
  if (d.categorical === undefined) throw new Error('categoricalEntropy: the density is not Categorical');
  return categoricalEntropyElements(d.categorical);
};
