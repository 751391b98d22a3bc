/**
 * Checks that make every accepted spec runnable: what `trace` needs beyond
 * shapes. A spec that passes them (and compiles) builds its parameters and
 * traces a batch without throwing; the property test
 * test/dsl/runnable.test.ts and `npm run fuzz:specs` hold `validate` to it.
 */
import type { Distribution } from './distributions/distribution.js';
import type { NetSpec } from './nets/net.js';
import { specError, type SpecError } from './spec-error.js';
import type { ModelSpec, StochasticDecl } from './spec.js';

/** Can an embedding (or an lstmEncoder) read this node? A token sequence [T] of ids below its vocabulary, not a label (labels enter nets one-hot). */
const embeddingInputError = (net: NetSpec, name: string, parent: StochasticDecl | undefined): string | undefined => {
  if (net.kind !== 'embedding' && net.kind !== 'lstmEncoder') return undefined;
  const an = net.kind === 'embedding' ? 'an embedding' : 'an lstmEncoder';
  const d: Distribution | undefined = parent?.dist;
  if (parent === undefined || d === undefined || parent.role === 'label') {
    return `${an} reads a token sequence (a Categorical or Bernoulli observed or latent node), not the ${parent?.role ?? 'deterministic'} node '${name}'`;
  }
  if (d.family !== 'categorical' && d.family !== 'bernoulli') return `${an} reads token ids, but '${parent.name}' is ${d.family}`;
  if (d.shape.length !== 1) return `${an} reads a token sequence of shape [T], '${parent.name}' has shape [${d.shape.join(', ')}]`;
  const ids = d.family === 'categorical' ? d.classes : 2;
  if (net.vocabulary < ids) return `${an} of vocabulary ${net.vocabulary} cannot read '${parent.name}', whose ids go up to ${ids - 1}`;
  return undefined;
};

/**
 * Every reason a declared-correct spec would still fail to trace, each
 * naming its node: no observed node; a net conditional or deterministic
 * node with no parents; an lstm anywhere but the p-conditional of an
 * observed node (it scores by teacher forcing on data); an embedding or lstmEncoder
 * reading anything but token ids of its vocabulary.
 */
export const runnableErrors = (spec: ModelSpec): SpecError[] => {
  const errors: SpecError[] = [];
  const byName = new Map(spec.nodes.map((n) => [n.name, n]));
  const stochastic = (name: string): StochasticDecl | undefined => {
    const n = byName.get(name);
    return n !== undefined && n.role !== 'deterministic' ? n : undefined;
  };
  if (!spec.nodes.some((n) => n.role === 'observed')) {
    errors.push(specError('no-observed', '(model)', 'declares no observed node; a trace needs data to condition on'));
  }
  const checkNet = (node: string, where: string, net: NetSpec | undefined, parents: readonly string[]): void => {
    if (parents.length === 0) {
      errors.push(specError('no-parents', node, `${where} is a net of no parents; give it parents or use the fixed prior`));
      return;
    }
    if ((net?.kind === 'embedding' || net?.kind === 'lstmEncoder') && parents.length !== 1) {
      errors.push(specError('net-input', node, `${where}: ${net.kind === 'embedding' ? 'an embedding' : 'an lstmEncoder'} reads exactly one parent, got ${parents.length}`));
      return;
    }
    const bad = net === undefined ? undefined : embeddingInputError(net, parents[0], stochastic(parents[0]));
    if (bad !== undefined) errors.push(specError('net-input', node, `${where}: ${bad}`));
  };
  for (const world of ['p', 'q'] as const) {
    for (const c of spec[world]) {
      if (c.conditional.kind !== 'net') continue;
      checkNet(c.node, `${world}-conditional`, c.conditional.net, c.conditional.parents);
      if (c.conditional.net?.kind === 'lstm' && !(world === 'p' && byName.get(c.node)?.role === 'observed')) {
        errors.push(specError('params', c.node, `${world}-conditional: an lstm decoder scores observed tokens by teacher forcing; it can only be the p-conditional of an observed node`));
      }
    }
  }
  for (const n of spec.nodes) if (n.role === 'deterministic') checkNet(n.name, 'its net', n.net, n.parents);
  return errors;
};
