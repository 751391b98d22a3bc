import type { Distribution } from './distributions/distribution.js';
import type { NetSpec } from './nets/net.js';

/**
 * A model is data. `ModelSpec` is what the builder produces and what the JSON
 * codec reads: declared nodes, then the conditionals of the generative model
 * p and of the inference model q, each an edge set with its net.
 */
export interface ModelSpec {
  readonly nodes: readonly NodeDecl[];
  readonly p: readonly ConditionalDecl[];
  readonly q: readonly ConditionalDecl[];
}

/** A stochastic node: observed data, a latent (with its layer), or a label (M2). */
export interface StochasticDecl {
  readonly name: string;
  readonly role: 'observed' | 'latent' | 'label';
  readonly dist: Distribution;
  /** Layer index of a latent (1 = nearest the data); L^{>k} resamples layers 1..k. */
  readonly layer?: number;
}

/** A deterministic node: a net of its parents, evaluated once per world (shared by p and q). */
export interface DeterministicDecl {
  readonly name: string;
  readonly role: 'deterministic';
  readonly parents: readonly string[];
  readonly net: NetSpec;
}

/** Any declared node. */
export type NodeDecl = StochasticDecl | DeterministicDecl;

/** How a conditional computes its distribution: a net of parents, or the family's fixed prior. */
export type Conditional =
  | { readonly kind: 'net'; readonly parents: readonly string[]; readonly net?: NetSpec }
  | { readonly kind: 'prior' };

/** One declared conditional p(node | parents) or q(node | parents). */
export interface ConditionalDecl {
  readonly node: string;
  readonly conditional: Conditional;
}

/** The fixed prior: N(0, I) for a Normal, uniform for a Categorical. */
export const prior = { kind: 'prior' } as const;
