import type * as tf from '@tensorflow/tfjs';

/** The log-density terms of one stochastic node, each [K, B]. */
export interface NodeTerms {
  readonly name: string;
  readonly role: 'observed' | 'latent' | 'label';
  readonly layer?: number;
  /** log p(n | pa_p(n)) in the p-world. */
  readonly logp: tf.Tensor2D;
  /** log q(n | pa_q(n)) in the q-world: latents not in S, and labels. */
  readonly logq?: tf.Tensor2D;
  /** Per-element KL(q || p) [K, B, ...]: analytic where both are Normals, log q - log p elementwise otherwise (latents not in S). */
  readonly klElements?: tf.Tensor;
  /** True when `klElements` is the analytic KL. */
  readonly analytic?: boolean;
  /** Per-element Monte Carlo KL log q - log p [K, B, ...] (latents not in S). */
  readonly mcKlElements?: tf.Tensor;
}

/** The tensor fields of a node's terms, each computed on first read. */
export type TermFields = Partial<Record<'logp' | 'logq' | 'klElements' | 'mcKlElements', () => tf.Tensor>>;

/**
 * Builds a node's terms whose tensor fields are computed on first read and
 * then kept: an objective pays only for what it reads (the analytic ELBO
 * never computes log q, IWAE never the analytic KL). Read them inside the
 * tf.tidy that made the trace.
 */
export const lazyTerms = (fixed: Pick<NodeTerms, 'name' | 'role' | 'layer' | 'analytic'>, fields: TermFields): NodeTerms => {
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(fixed).filter(([, v]) => v !== undefined));
  for (const [key, compute] of Object.entries(fields)) {
    let value: tf.Tensor | undefined;
    Object.defineProperty(out, key, { enumerable: true, get: () => (value ??= compute!()) });
  }
  return out as unknown as NodeTerms;
};

/** The tensor fields present on a node's terms, as thunks reading them (no field is computed here). */
export const fieldsOf = (t: NodeTerms): (keyof TermFields)[] =>
  (['logp', 'logq', 'klElements', 'mcKlElements'] as const).filter((k) => k in t);
