import type { Distribution } from './distributions/distribution.js';
import type { CompiledNet, ParamDecl } from './nets/net.js';
import type { Shape } from './shape.js';
import type { ModelSpec } from './spec.js';

/** A declared node with its resolved event shape. */
export interface NodeInfo {
  readonly name: string;
  readonly role: 'observed' | 'latent' | 'label' | 'deterministic';
  readonly shape: Shape;
  readonly dist?: Distribution;
  readonly layer?: number;
}

/** A conditional compiled for its shapes: a net of parents (params under `key`), or the fixed prior. */
export type CompiledConditional =
  | { readonly kind: 'net'; readonly parents: readonly string[]; readonly net: CompiledNet; readonly key: string }
  | { readonly kind: 'prior' };

/** A deterministic node compiled for its shapes; one net shared by both worlds. */
export interface CompiledDeterministic {
  readonly parents: readonly string[];
  readonly net: CompiledNet;
  readonly key: string;
}

/**
 * A validated model: the spec with every shape resolved and every net
 * compiled. Only `validate` makes one, so holding a `Model` means the spec
 * passed every check.
 */
export interface Model {
  readonly spec: ModelSpec;
  readonly nodes: ReadonlyMap<string, NodeInfo>;
  readonly p: ReadonlyMap<string, CompiledConditional>;
  readonly q: ReadonlyMap<string, CompiledConditional>;
  readonly deterministic: ReadonlyMap<string, CompiledDeterministic>;
  /** Stochastic node names by role, in declaration order. */
  readonly observed: readonly string[];
  readonly latents: readonly string[];
  readonly labels: readonly string[];
  /** The distinct latent layer indices, ascending. */
  readonly layers: readonly number[];
  /** Every trainable tensor, each once, keyed by `<net key>/<layer>/<param>`. */
  readonly params: readonly ParamDecl[];
}
