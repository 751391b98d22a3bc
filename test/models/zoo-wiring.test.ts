/**
 * Every zoo model's wiring against the paper's factorization (BIVA section 3,
 * appendices A, B and D; DESIGN.md): the parents of each deterministic node,
 * of each p-conditional and of each q-conditional, in full, for every preset.
 * The expected tables are written out here from the paper, not from the
 * builders.
 */
import { describe, expect, it } from 'vitest';
import { sharedNodes, type Model } from '../../src/dsl/index.js';
import { presets } from '../../src/models/index.js';
import { IMAGES, parentsOf, TOKENS, zooModel } from './zoo.js';

type Table = Record<string, string[]>;
interface Factorization {
  readonly d: Table;
  readonly p: Table;
  readonly q: Table;
}

/** The model's deterministic nodes and conditionals with their parents ([] for a fixed prior). */
const factorization = (m: Model): Factorization => ({
  d: Object.fromEntries([...m.deterministic].map(([name, node]) => [name, [...node.parents]])),
  p: Object.fromEntries([...m.p.keys()].map((name) => [name, [...parentsOf(m, 'p', name)]])),
  q: Object.fromEntries([...m.q.keys()].map((name) => [name, [...parentsOf(m, 'q', name)]])),
});

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, j) => from + j);
const table = (entries: [string, string[]][]): Table => Object.fromEntries(entries);

/**
 * BIVA with L layers (appendix A): z_L shared; for i < L, z_i = (z_i^BU, z_i^TD).
 * d~_1 = f(x), d~_i = f(d~_{i-1}, z_{i-1}^BU); d_{L-1} = f(z_L), d_i = f(z_{i+1}, d_{i+1});
 * p(z_i^BU | d_i), p(z_i^TD | d_i), p(x | z_1, d_1); q(z_i^BU | d~_i), q(z_L | d~_L),
 * q(z_i^TD | d_i, d~_i). With a label y (appendix B): y joins every top-down
 * d_i and p(x | z, y), p(y) is a fixed prior, and q(y | x) reads its own
 * hierarchy c_1 = f(x), c_i = f(c_{i-1}).
 */
const bivaExpected = (L: number, labelled: boolean): Factorization => {
  const bu = (i: number): string => (i === L ? `z${L}` : `z${i}_bu`);
  const y = labelled ? ['y'] : [];
  return {
    d: table([
      ['bu1', ['x']],
      ...range(2, L).map((i): [string, string[]] => [`bu${i}`, [`bu${i - 1}`, bu(i - 1)]]),
      [`td${L - 1}`, [`z${L}`, ...y]],
      ...range(1, L - 2).map((i): [string, string[]] => [`td${i}`, [bu(i + 1), `z${i + 1}_td`, `td${i + 1}`, ...y]]),
      ...(labelled ? [['c1', ['x']] as [string, string[]], ...range(2, L).map((i): [string, string[]] => [`c${i}`, [`c${i - 1}`]])] : []),
    ]),
    p: table([
      [`z${L}`, []],
      ...range(1, L - 1).flatMap((i): [string, string[]][] => [[`z${i}_bu`, [`td${i}`]], [`z${i}_td`, [`td${i}`]]]),
      ['x', ['z1_bu', 'z1_td', 'td1', ...y]],
      ...(labelled ? [['y', []] as [string, string[]]] : []),
    ]),
    q: table([
      [`z${L}`, [`bu${L}`]],
      ...range(1, L - 1).flatMap((i): [string, string[]][] => [[`z${i}_bu`, [`bu${i}`]], [`z${i}_td`, [`td${i}`, `bu${i}`]]]),
      ...(labelled ? [['y', [`c${L}`]] as [string, string[]]] : []),
    ]),
  };
};

/** LVAE (skip false) and LVAE+ (skip true): d~_i = f(d~_{i-1}); d_{L-1} = f(z_L); d_i = f(z_{i+1}) or f(z_{i+1}, d_{i+1}). */
const ladderExpected = (L: number, skip: boolean): Factorization => ({
  d: table([
    ['bu1', ['x']],
    ...range(2, L).map((i): [string, string[]] => [`bu${i}`, [`bu${i - 1}`]]),
    [`td${L - 1}`, [`z${L}`]],
    ...range(1, L - 2).map((i): [string, string[]] => [`td${i}`, skip ? [`z${i + 1}`, `td${i + 1}`] : [`z${i + 1}`]]),
  ]),
  p: table([[`z${L}`, []], ...range(1, L - 1).map((i): [string, string[]] => [`z${i}`, [`td${i}`]]), ['x', skip ? ['z1', 'td1'] : ['z1']]]),
  q: table([[`z${L}`, [`bu${L}`]], ...range(1, L - 1).map((i): [string, string[]] => [`z${i}`, [`bu${i}`, `td${i}`]])]),
});

/** VAE: p(x | z_1) prod p(z_i | z_{i+1}) p(z_L); q(z_1 | x) prod q(z_i | z_{i-1}); no deterministic node. */
const vaeExpected = (L: number): Factorization => ({
  d: {},
  p: table([[`z${L}`, []], ...range(1, L - 1).map((i): [string, string[]] => [`z${i}`, [`z${i + 1}`]]), ['x', ['z1']]]),
  q: table([['z1', ['x']], ...range(2, L).map((i): [string, string[]] => [`z${i}`, [`z${i - 1}`]])]),
});

const sorted = (f: Factorization): Factorization => {
  const s = (t: Table): Table => Object.fromEntries(Object.entries(t).sort(([a], [b]) => a.localeCompare(b)));
  return { d: s(f.d), p: s(f.p), q: s(f.q) };
};

const presetNames = ['tiny', 'small', 'paper'] as const;

describe('zoo wiring equals the paper factorization, node by node', () => {
  describe.each(presetNames)('preset %s', (preset) => {
    const L = presets[preset].layers;

    it.each([
      ['biva', IMAGES, bivaExpected(L, false)],
      ['biva-m2', IMAGES, bivaExpected(L, true)],
      ['lvae', IMAGES, ladderExpected(L, false)],
      ['lvae-plus', IMAGES, ladderExpected(L, true)],
      ['vae', IMAGES, vaeExpected(L)],
    ] as const)('%s', (name, data, expected) => {
      const m = zooModel(name, preset, data);

      expect(sorted(factorization(m))).toEqual(sorted(expected));
    });

    it.each(['biva-lstm', 'biva-text'])('%s on tokens has the BIVA factorization', (name) => {
      expect(sorted(factorization(zooModel(name, preset === 'paper' ? 'small' : preset, TOKENS)))).toEqual(
        sorted(bivaExpected(presets[preset === 'paper' ? 'small' : preset].layers, false)),
      );
    });
  });

  it('the top-down nets d_i are one set shared by p and q in every model that has them', () => {
    const L = presets.small.layers;
    const td = range(1, L - 1).map((i) => `td${i}`);

    for (const name of ['biva', 'biva-m2', 'lvae', 'lvae-plus']) expect(sharedNodes(zooModel(name, 'small', IMAGES)).sort(), name).toEqual(td);
    expect(sharedNodes(zooModel('vae', 'small', IMAGES))).toEqual([]);
  });

  it('BIVA\'s bottom-up path is stochastic: z_{i-1}^BU reaches q(z_i^BU) only through d~_i, and no q(z^BU) reads a top-down node', () => {
    const m = zooModel('biva', 'paper', IMAGES);
    const f = factorization(m);

    for (const i of range(2, 5)) expect(f.d[`bu${i}`]).toContain(`z${i - 1}_bu`);
    expect(f.d.bu6).toContain('z5_bu');
    expect(Object.entries(f.q).filter(([n]) => n.endsWith('_bu')).flatMap(([, ps]) => ps).filter((p) => p.startsWith('td'))).toEqual([]);
  });
});
