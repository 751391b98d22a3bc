import { describe, expect, it } from 'vitest';
import { IMAGES, parentsOf, zooModel } from './zoo.js';

describe('vae', () => {
  it('has the stacked factorization: p(z_i | z_{i+1}), p(x | z_1), bottom-up q(z_1 | x), q(z_i | z_{i-1}), no deterministic nodes', () => {
    const m = zooModel('vae', 'small', IMAGES);

    expect(parentsOf(m, 'p', 'x')).toEqual(['z1']);
    expect([1, 2].map((i) => parentsOf(m, 'p', `z${i}`))).toEqual([['z2'], ['z3']]);
    expect(m.p.get('z3')?.kind).toBe('prior');
    expect([1, 2, 3].map((i) => parentsOf(m, 'q', `z${i}`))).toEqual([['x'], ['z1'], ['z2']]);
    expect(m.deterministic.size).toBe(0);
  });
});
