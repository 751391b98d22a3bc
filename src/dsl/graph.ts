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

/**
 * Depth-first search over parent edges with an explicit stack (no recursion,
 * so any graph size fits): calls `onGray` when an edge reaches a node still
 * on the path (a back edge, i.e. a cycle; return true to stop) and `onDone`
 * as each node finishes, i.e. after all its parents.
 */
const depthFirst = (
  parents: Map<string, readonly string[]>,
  onDone: (n: string) => void,
  onGray?: (path: readonly string[], n: string) => boolean,
): void => {
  const state = new Map<string, 'open' | 'done'>();
  for (const root of parents.keys()) {
    if (state.has(root)) continue;
    const path: string[] = [root];
    const next: number[] = [0];
    state.set(root, 'open');
    while (path.length > 0) {
      const top = path.length - 1;
      const n = path[top];
      const ps = parents.get(n) ?? [];
      if (next[top] < ps.length) {
        const p = ps[next[top]++];
        if (!parents.has(p)) continue;
        const s = state.get(p);
        if (s === 'open' && onGray?.(path, p) === true) return;
        if (s !== undefined) continue;
        state.set(p, 'open');
        path.push(p);
        next.push(0);
      } else {
        state.set(n, 'done');
        onDone(n);
        path.pop();
        next.pop();
      }
    }
  }
};

/** A cycle of the graph as its nodes in order (first repeated last), if any; iterative, any size. */
export const findCycle = (parents: Map<string, readonly string[]>): string[] | undefined => {
  let cycle: string[] | undefined;
  depthFirst(parents, () => undefined, (path, n) => {
    cycle = [...path.slice(path.indexOf(n)), n];
    return true;
  });
  return cycle;
};

/** Nodes in an order where every node follows its parents (the graph must be acyclic); iterative, any size. */
export const topologicalOrder = (parents: Map<string, readonly string[]>): string[] => {
  const order: string[] = [];
  depthFirst(parents, (n) => order.push(n));
  return order;
};

/**
 * The nodes `roots` need, parents first: every node reachable from `roots`
 * through `deps` that is not `done` (the walk stops at done nodes), in an
 * order where each follows its needed parents. Iterative, so a lazy
 * evaluator that computes them in this order recurses at most one level
 * whatever the depth of the graph. The graph must be acyclic.
 */
export const neededFirst = (roots: readonly string[], deps: (n: string) => readonly string[], done: (n: string) => boolean): string[] => {
  const needed = new Map<string, readonly string[]>();
  const stack = roots.filter((r) => !done(r));
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (needed.has(n)) continue;
    const ps = deps(n).filter((p) => !done(p));
    needed.set(n, ps);
    for (const p of ps) if (!needed.has(p)) stack.push(p);
  }
  return topologicalOrder(needed);
};
