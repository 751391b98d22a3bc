import type { CategoricalSpec, Distribution } from './distributions/distribution.js';
import type { NetSpec } from './nets/net.js';
import type { ConditionalDecl, ModelSpec, NodeDecl } from './spec.js';

/**
 * An immutable, typed builder of a `ModelSpec`. `N` is the union of the node
 * names declared so far, so naming an undeclared node in `.p`, `.q` or
 * `.deterministic` is a compile-time error:
 *
 *     const vae = model()
 *       .observed('x', bernoulli([784]))
 *       .latent('z', normal([32]))
 *       .p('z', prior)
 *       .p('x', ['z'], mlp([512, 512]))
 *       .q('z', ['x'], mlp([512, 512]));
 */
export interface ModelBuilder<N extends string> {
  /** The spec built so far (plain data). */
  readonly spec: ModelSpec;
  /** Declares an observed node (data). */
  readonly observed: <K extends string>(name: K, dist: Distribution) => ModelBuilder<N | K>;
  /** Declares a latent node at `layer` (default 1, the layer nearest the data). */
  readonly latent: <K extends string>(name: K, dist: Distribution, options?: { layer?: number }) => ModelBuilder<N | K>;
  /** Declares a label: observed on labelled data, enumerated over its classes on unlabelled data (M2). */
  readonly label: <K extends string>(name: K, dist: CategoricalSpec) => ModelBuilder<N | K>;
  /** Declares a deterministic node computed by `net` from `parents`, shared by both worlds. */
  readonly deterministic: <K extends string>(name: K, parents: readonly N[], net: NetSpec) => ModelBuilder<N | K>;
  /** Declares the generative conditional p(node | parents) through `net` (a linear head when omitted), or the fixed prior. */
  readonly p: (node: N, parents: readonly N[] | { readonly kind: 'prior' }, net?: NetSpec) => ModelBuilder<N>;
  /** Declares the inference conditional q(node | parents) through `net`. */
  readonly q: (node: N, parents: readonly N[] | { readonly kind: 'prior' }, net?: NetSpec) => ModelBuilder<N>;
}

const conditionalOf = (
  node: string,
  parents: readonly string[] | { readonly kind: 'prior' },
  net: NetSpec | undefined,
): ConditionalDecl => ({
  node,
  conditional: 'kind' in parents ? { kind: 'prior' } : { kind: 'net', parents: [...parents], ...(net === undefined ? {} : { net }) },
});

const builderOf = <N extends string>(spec: ModelSpec): ModelBuilder<N> => {
  const withNode = <K extends string>(decl: NodeDecl): ModelBuilder<N | K> =>
    builderOf<N | K>({ ...spec, nodes: [...spec.nodes, decl] });
  return {
    spec,
    observed: (name, dist) => withNode({ name, role: 'observed', dist }),
    latent: (name, dist, options = {}) => withNode({ name, role: 'latent', dist, layer: options.layer ?? 1 }),
    label: (name, dist) => withNode({ name, role: 'label', dist }),
    deterministic: (name, parents, net) => withNode({ name, role: 'deterministic', parents: [...parents], net }),
    p: (node, parents, net) => builderOf<N>({ ...spec, p: [...spec.p, conditionalOf(node, parents, net)] }),
    q: (node, parents, net) => builderOf<N>({ ...spec, q: [...spec.q, conditionalOf(node, parents, net)] }),
  };
};

/**
 * Starts an empty model. Pass `string` as `N` (`model<string>()`) to build
 * ladders in loops, where names are computed and cannot be literal types.
 */
export const model = <N extends string = never>(): ModelBuilder<N> => builderOf<N>({ nodes: [], p: [], q: [] });
