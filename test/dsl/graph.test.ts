import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCycle, parentsIn, topologicalOrder } from '../../src/dsl/graph.js';
import { denseLadder } from '../support/models.js';

/** A random DAG: node i may read only nodes j < i, listed in a shuffled order. */
const dag = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.tuple(
    fc.tuple(...Array.from({ length: n }, (_, i) => fc.subarray(Array.from({ length: i }, (_, j) => `n${j}`)))),
    fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: n, maxLength: n }),
  ),
);

describe('graph', () => {
  it('property: a DAG has no cycle, and its topological order puts every node after its parents', () => {
    fc.assert(
      fc.property(dag, ([parentLists, order]) => {
        const parents = new Map(order.map((i) => [`n${i}`, parentLists[i]]));
        const topo = topologicalOrder(parents);
        const position = new Map(topo.map((n, i) => [n, i]));
        return findCycle(parents) === undefined && topo.length === order.length && [...parents].every(([n, ps]) => ps.every((p) => position.get(p)! < position.get(n)!));
      }),
    );
  });

  it('property: closing a chain n0 <- n1 <- ... <- nk into a loop gives a cycle naming its nodes in order, each reading the next', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), (k) => {
        const parents = new Map(Array.from({ length: k + 1 }, (_, i) => [`n${i}`, [i === 0 ? `n${k}` : `n${i - 1}`]]));
        const cycle = findCycle(parents)!;
        return cycle.length === k + 2 && cycle[0] === cycle[k + 1] && cycle.slice(0, -1).every((n, i) => parents.get(n)![0] === cycle[i + 1]);
      }),
    );
  });

  it('observed nodes are roots of the q-world even when (wrongly) given a q-conditional, so validation reports only observed-with-q', () => {
    const base = denseLadder(3, [2], 4);
    const spec = { ...base, q: [...base.q, { node: 'x', conditional: { kind: 'net' as const, parents: ['z1'] } }] };

    expect(parentsIn(spec, 'q').get('x')).toEqual([]);
    expect(findCycle(parentsIn(spec, 'q'))).toBeUndefined();
  });

  it('parentsIn gives each world its own edges: q reads bottom-up, p top-down', () => {
    const spec = denseLadder(3, [2, 2], 4);

    expect(parentsIn(spec, 'q').get('z2')).toEqual(['z1']);
    expect(parentsIn(spec, 'p').get('z1')).toEqual(['z2']);
    expect(parentsIn(spec, 'p').get('z2')).toEqual([]);
  });
});

describe('graph walks are iterative (issue 14.5)', () => {
  it('a chain of 30,000 nodes has no cycle and a topological order from the root', () => {
    const n = 30_000;
    const parents = new Map(Array.from({ length: n }, (_, i) => [`n${i}`, i === 0 ? [] : [`n${i - 1}`]]));

    const order = topologicalOrder(parents);

    expect(findCycle(parents)).toBeUndefined();
    expect(order[0]).toBe('n0');
    expect(order[n - 1]).toBe(`n${n - 1}`);
  });

  it('a cycle of 30,000 nodes is found and named in order', () => {
    const n = 30_000;
    const parents = new Map(Array.from({ length: n }, (_, i) => [`n${i}`, [`n${(i + n - 1) % n}`]]));

    const cycle = findCycle(parents)!;

    expect(cycle).toHaveLength(n + 1);
    expect(cycle[0]).toBe(cycle[n]);
  });
});
