import type { ConditionalDecl, ModelSpec } from './spec.js';

/** The world whose edges a graph holds. */
export type WorldName = 'p' | 'q';

/**
 * Parents of every node in one world: q-world latents and labels read their
 * q-parents, p-world stochastic nodes their p-parents, deterministic nodes
 * their own parents in both; observed nodes are roots of the q-world.
 */
export const parentsIn = (spec: ModelSpec, world: WorldName): Map<string, readonly string[]> => {
  const conds: readonly ConditionalDecl[] = world === 'p' ? spec.p : spec.q;
  const out = new Map<string, readonly string[]>();
  const roleOf = new Map(spec.nodes.map((n) => [n.name, n.role]));
  for (const n of spec.nodes) out.set(n.name, n.role === 'deterministic' ? n.parents : []);
  for (const c of conds) {
    const root = world === 'q' && roleOf.get(c.node) === 'observed';
    if (c.conditional.kind === 'net' && out.has(c.node) && !root) out.set(c.node, c.conditional.parents);
  }
  return out;
};

/** A cycle of the graph as its nodes in order (first repeated last), if any. */
export const findCycle = (parents: Map<string, readonly string[]>): string[] | undefined => {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    if (state.get(n) === 'done') return undefined;
    if (state.get(n) === 'open') return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 'open');
    stack.push(n);
    for (const p of parents.get(n) ?? []) {
      if (!parents.has(p)) continue;
      const found = visit(p);
      if (found !== undefined) return found;
    }
    stack.pop();
    state.set(n, 'done');
    return undefined;
  };
  for (const n of parents.keys()) {
    const found = visit(n);
    if (found !== undefined) return found;
  }
  return undefined;
};

/** Nodes in an order where every node follows its parents (the graph must be acyclic). */
export const topologicalOrder = (parents: Map<string, readonly string[]>): string[] => {
  const done = new Set<string>();
  const order: string[] = [];
  const visit = (n: string): void => {
    if (done.has(n)) return;
    done.add(n);
    for (const p of parents.get(n) ?? []) if (parents.has(p)) visit(p);
    order.push(n);
  };
  for (const n of parents.keys()) visit(n);
  return order;
};
