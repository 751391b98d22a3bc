import { describe, expect, it } from 'vitest';
import { klFloor } from '../../src/train/kl-floor.js';

const sizes = { z1: 32, z2: 16, z3: 8 };

describe('klFloor', () => {
  it('groupBy node: lambda per node; a total budget spread over the nodes; until kept', () => {
    expect(klFloor({ kind: 'free-bits', lambda: 2, groupBy: 'node', over: 'batch', until: 2500 }, sizes)).toEqual({ perNode: { z1: 2, z2: 2, z3: 2 }, until: 2500 });
    expect(klFloor({ kind: 'free-bits', lambda: { total: 6 }, groupBy: 'node', over: 'batch' }, sizes)).toEqual({ perNode: { z1: 2, z2: 2, z3: 2 } });
  });

  it('groupBy dimension: lambda x the node size; a total budget spread over all dimensions', () => {
    expect(klFloor({ kind: 'free-bits', lambda: 0.25, groupBy: 'dimension', over: 'datapoint' }, sizes)?.perNode).toEqual({ z1: 8, z2: 4, z3: 2 });
    expect(klFloor({ kind: 'free-bits', lambda: { total: 28 }, groupBy: 'dimension', over: 'batch' }, sizes)?.perNode).toEqual({ z1: 16, z2: 8, z3: 4 });
  });

  it('no floor for objectives without one', () => {
    expect(klFloor({ kind: 'elbo' }, sizes)).toBeUndefined();
    expect(klFloor({ kind: 'iwae', k: 5 }, sizes)).toBeUndefined();
  });
});
