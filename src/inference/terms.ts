import type * as tf from '@tensorflow/tfjs';
import type { NodeTerms } from './trace.js';

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
