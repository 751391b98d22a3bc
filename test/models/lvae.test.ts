import { describe, expect, it } from 'vitest';
import { sharedNodes } from '../../src/dsl/index.js';
import { IMAGES, parentsOf, zooModel } from './zoo.js';

const L = 6;
const below = Array.from({ length: L - 1 }, (_, j) => j + 1);

describe('lvae', () => {
  const m = zooModel('lvae', 'paper', IMAGES);

  it('has no skip path: td_i reads only z_{i+1}, p(z_i) reads only td_i, p(x) reads only z_1', () => {
    expect(below.map((i) => m.deterministic.get(`td${i}`)?.parents)).toEqual(below.map((i) => [`z${i + 1}`]));
    expect(below.map((i) => parentsOf(m, 'p', `z${i}`))).toEqual(below.map((i) => [`td${i}`]));
    expect(parentsOf(m, 'p', 'x')).toEqual(['z1']);
  });

  it('infers top-down: q(z_i) reads bu_i and the td_i shared with p; q(z_L) reads bu_L', () => {
    expect(below.map((i) => parentsOf(m, 'q', `z${i}`))).toEqual(below.map((i) => [`bu${i}`, `td${i}`]));
    expect(parentsOf(m, 'q', `z${L}`)).toEqual([`bu${L}`]);
    expect(sharedNodes(m).sort()).toEqual(below.map((i) => `td${i}`).sort());
  });
});

describe('lvae-plus', () => {
  const m = zooModel('lvae-plus', 'paper', IMAGES);

  it('has the skip path: td_i reads z_{i+1} and td_{i+1} (i < L-1), p(x) reads z_1 and td_1', () => {
    const inner = below.slice(0, -1);

    expect(inner.map((i) => m.deterministic.get(`td${i}`)?.parents)).toEqual(inner.map((i) => [`z${i + 1}`, `td${i + 1}`]));
    expect(m.deterministic.get(`td${L - 1}`)?.parents).toEqual([`z${L}`]);
    expect(parentsOf(m, 'p', 'x')).toEqual(['z1', 'td1']);
  });
});
