import type { Model } from './model.js';
import type { Conditional } from './spec.js';
import { showShape, sizeOf } from './shape.js';

/** Parameters per net key (`p:x`, `q:z1`, `d:td1`, ...) and in total, from the declarations (no tensors). */
export const parameterCounts = (model: Model): { byNet: ReadonlyMap<string, number>; total: number } => {
  const byNet = new Map<string, number>();
  for (const p of model.params) {
    const key = p.name.split('/')[0];
    byNet.set(key, (byNet.get(key) ?? 0) + sizeOf(p.shape));
  }
  return { byNet, total: [...byNet.values()].reduce((a, b) => a + b, 0) };
};

/** Deterministic nodes read (directly or through other deterministic nodes) by both a p- and a q-conditional: the shared nets. */
export const sharedNodes = (model: Model): string[] => {
  const reach = (parents: readonly string[], out: Set<string>): Set<string> => {
    const stack = [...parents];
    while (stack.length > 0) {
      const parent = stack.pop()!;
      const d = model.deterministic.get(parent);
      if (d === undefined || out.has(parent)) continue;
      out.add(parent);
      stack.push(...d.parents);
    }
    return out;
  };
  const readBy = (world: 'p' | 'q'): Set<string> =>
    [...model[world].values()].reduce((acc, c) => (c.kind === 'net' ? reach(c.parents, acc) : acc), new Set<string>());
  const p = readBy('p');
  return [...readBy('q')].filter((n) => p.has(n));
};

const showConditional = (c: Conditional): string =>
  c.kind === 'prior' ? 'fixed prior' : `${c.parents.join(', ') || '(no parents)'}${c.net === undefined ? ' (linear)' : ` via ${c.net.kind}`}`;

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * A plain-text description of a model, to check a spec against the paper's
 * figures: nodes with roles, shapes and layers; the edges of p and q with
 * their nets; the deterministic nodes shared by both; parameter counts.
 */
export const describe = (model: Model): string => {
  const { byNet, total } = parameterCounts(model);
  const shared = new Set(sharedNodes(model));
  const lines: string[] = ['nodes:'];
  for (const [name, info] of model.nodes) {
    const dist = info.dist === undefined ? '' : ` ${info.dist.family}`;
    const layer = info.layer === undefined ? '' : ` layer ${info.layer}`;
    const tag = shared.has(name) ? ' [shared by p and q]' : '';
    lines.push(`  ${name}: ${info.role}${dist} ${showShape(info.shape)}${layer}${tag}`);
  }
  const edges = (world: 'p' | 'q'): void => {
    lines.push(`${world}:`);
    for (const c of model.spec[world]) {
      lines.push(`  ${world}(${c.node} | ${showConditional(c.conditional)})  ${count(byNet.get(`${world}:${c.node}`) ?? 0)} params`);
    }
  };
  edges('p');
  edges('q');
  lines.push('deterministic:');
  for (const [name, d] of model.deterministic) {
    lines.push(`  ${name} = f(${d.parents.join(', ')})  ${showShape(d.net.outputShape)}  ${count(byNet.get(`d:${name}`) ?? 0)} params`);
  }
  lines.push(`layers: ${model.layers.join(', ')}`);
  lines.push(`shared nets: ${[...shared].join(', ') || 'none'}`);
  lines.push(`parameters: ${count(total)}`);
  return lines.join('\n');
};
