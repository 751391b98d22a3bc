import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { describe as describeModel, disposeParams, initParams, parameterCounts, sharedNodes } from '../../src/dsl/index.js';
import { enumerateLabels, m2, type LabelLayout } from '../../src/inference/objectives/m2.js';
import { trace, type Batch } from '../../src/inference/trace.js';
import { ancestry, IMAGES, meanOfSteps, mnistBatch, parentsOf, TOKENS, train, trainOnTokens, zooModel } from './zoo.js';

const L = 6;
const below = Array.from({ length: L - 1 }, (_, j) => j + 1);
const isTopDown = (name: string): boolean => /^td\d+$/.test(name) || /^z\d+_td$/.test(name);

describe('biva: the paper factorization (paper preset, L = 6)', () => {
  const m = zooModel('biva', 'paper', IMAGES);
  const latentsAbove = (i: number): string[] => m.latents.filter((z) => (m.nodes.get(z)?.layer ?? 0) > i).sort();

  it('q(z_i^BU) reads only the bottom-up path: bu_i, whose q-ancestry holds x and no top-down node', () => {
    for (const i of below) {
      const read = ancestry(m, 'q', parentsOf(m, 'q', `z${i}_bu`));

      expect(parentsOf(m, 'q', `z${i}_bu`)).toEqual([`bu${i}`]);
      expect([...read].filter(isTopDown)).toEqual([]);
      expect(read.has('x')).toBe(true);
    }
    expect([...ancestry(m, 'q', parentsOf(m, 'q', `z${L}`))].filter(isTopDown)).toEqual([]);
  });

  it('q(z_i^TD) reads both paths: td_i and bu_i', () => {
    expect(below.map((i) => parentsOf(m, 'q', `z${i}_td`))).toEqual(below.map((i) => [`td${i}`, `bu${i}`]));
  });

  it('p(z_i^BU) and p(z_i^TD) read td_i, whose p-ancestry holds exactly the latents z_{>i}; z_L has the fixed prior', () => {
    for (const i of below) {
      const read = ancestry(m, 'p', [`td${i}`]);

      expect(parentsOf(m, 'p', `z${i}_bu`)).toEqual([`td${i}`]);
      expect(parentsOf(m, 'p', `z${i}_td`)).toEqual([`td${i}`]);
      expect(m.latents.filter((z) => read.has(z)).sort()).toEqual(latentsAbove(i));
    }
    expect(m.p.get(`z${L}`)?.kind).toBe('prior');
    expect(parentsOf(m, 'p', 'x')).toEqual(['z1_bu', 'z1_td', 'td1']);
  });

  it('the top-down nets are shared by p and q and declared once, under d:, with no p: or q: copy', () => {
    const nets = [...parameterCounts(m).byNet.keys()];

    expect(sharedNodes(m).sort()).toEqual(below.map((i) => `td${i}`).sort());
    expect(below.every((i) => nets.includes(`d:td${i}`))).toBe(true);
    expect(nets.filter((key) => /^[pq]:td\d+$/.test(key))).toEqual([]);
  });

  it('describe lists every node, the shared nets and a parameter count equal to parameterCounts(model).total', () => {
    const text = describeModel(m);
    console.log(`describe(biva, paper preset):\n${text}`);
    const count = /^parameters: ([\d,]+)$/m.exec(text)?.[1];
    const shared = /^shared nets: (.*)$/m.exec(text)?.[1].split(', ');

    expect([...m.nodes.keys()].every((name) => new RegExp(`^  ${name}: `, 'm').test(text))).toBe(true);
    expect(shared?.sort()).toEqual(below.map((i) => `td${i}`));
    expect(Number(count?.replaceAll(',', ''))).toBe(parameterCounts(m).total);
  });
});

describe('biva: one set of top-down variables in both worlds (tiny preset, trace)', () => {
  /** A param store that records the id of every variable a trace looks up, by name. */
  class RecordingStore extends Map<string, tf.Variable> {
    readonly seen = new Map<string, number[]>();
    override get(name: string): tf.Variable | undefined {
      const v = super.get(name);
      if (v !== undefined) this.seen.set(name, [...(this.seen.get(name) ?? []), v.id]);
      return v;
    }
  }

  it('with z_2 resampled, td_1 is evaluated in the q-world and the p-world, both times with the d:td1 variables of the store', () => {
    const m = zooModel('biva', 'tiny', IMAGES);
    const params = initParams(m, 2);
    const store = new RecordingStore(params);
    const { x, y } = mnistBatch(4);

    const worlds = tf.tidy(() => {
      const t = trace(m, store, { x }, { seed: 3, resample: new Set(['z2']) });
      return { q: t.q.has('td1'), p: t.p.has('td1') };
    });
    const td1 = [...params.keys()].filter((name) => name.startsWith('d:td1/'));
    const lookups = td1.map((name) => store.seen.get(name) ?? []);
    tf.dispose([x, y]);
    disposeParams(params);

    expect(worlds).toEqual({ q: true, p: true });
    expect(td1.length).toBeGreaterThan(0);
    expect([...params.keys()].filter((name) => name.startsWith('q:td') || name.startsWith('p:td'))).toEqual([]);
    lookups.forEach((ids, j) => {
      expect(ids.length, td1[j]).toBeGreaterThanOrEqual(2);
      expect(new Set(ids), td1[j]).toEqual(new Set([params.get(td1[j])!.id]));
    });
  });
});

describe('biva training', () => {
  it.each(['biva-lstm', 'biva-text'])('%s: Adamax steps on 8 token sentences lower -ELBO without leaking tensors', (name) => {
    const { losses, tensorsAfterFirst, tensorsAfterLast } = trainOnTokens(name);

    expect(losses.every(Number.isFinite)).toBe(true);
    expect(meanOfSteps(losses, 8, 10)).toBeLessThan(losses[0]);
    expect(tensorsAfterLast).toBe(tensorsAfterFirst);
  });

  it('biva-lstm decodes autoregressively and biva-text does not: their p(x) nets differ', () => {
    const lstm = zooModel('biva-lstm', 'tiny', TOKENS);
    const text = zooModel('biva-text', 'tiny', TOKENS);

    expect(lstm.spec.p.find((c) => c.node === 'x')?.conditional).toMatchObject({ net: { kind: 'lstm' } });
    expect(text.spec.p.find((c) => c.node === 'x')?.conditional).not.toMatchObject({ net: { kind: 'lstm' } });
  });
});

describe('biva-m2 classifies', () => {
  const m = zooModel('biva-m2', 'tiny', IMAGES);
  const classes = 10;

  /** The batch of `b` MNIST images expanded by enumerateLabels, the first `labelled` rows keeping their label. */
  const enumerated = (b: number, labelled: number): { batch: Batch; layout: LabelLayout } => {
    const { x, y } = mnistBatch(b);
    const mask = Array.from({ length: b }, (_, i) => i < labelled);
    let layout: LabelLayout | undefined;
    const batch = tf.tidy(() => {
      const out = enumerateLabels(m, { x }, y, mask);
      layout = out.layout;
      return { ...out.batch };
    });
    tf.dispose([x, y]);
    if (layout === undefined) throw new Error('enumerateLabels gave no layout');
    return { batch, layout };
  };

  it('y feeds every p-conditional but the prior of z_L, and q(y | x) has its own bottom-up hierarchy (no bu or top-down node)', () => {
    const conditionals = [...m.p.keys()].filter((n) => n !== 'y' && n !== 'z2');
    const classifier = ancestry(m, 'q', parentsOf(m, 'q', 'y'));

    expect(conditionals.filter((n) => !ancestry(m, 'p', parentsOf(m, 'p', n)).has('y'))).toEqual([]);
    expect([...classifier].sort()).toEqual(['c1', 'c2', 'x']);
    expect(m.nodes.get('y')?.dist).toMatchObject({ family: 'categorical', classes });
  });

  it('q(y | x) is a distribution over the 10 classes: exp(log q(y = c | x)) over the enumerated classes sums to 1 per datum', () => {
    const params = initParams(m, 4);
    const { batch, layout } = enumerated(4, 0);

    const { sums, probs } = tf.tidy(() => {
      const logq = trace(m, params, batch, { seed: 5 }).terms.find((t) => t.name === 'y')!.logq!;
      const p = tf.exp(logq.reshape([classes, layout.unlabelled]));
      return { sums: Array.from(tf.sum(p, 0).dataSync()), probs: Array.from(p.dataSync()) };
    });
    tf.dispose(Object.values(batch));
    disposeParams(params);

    expect(layout).toMatchObject({ label: 'y', classes, labelled: 0, unlabelled: 4 });
    expect(sums).toHaveLength(4);
    sums.forEach((s) => expect(s).toBeCloseTo(1, 5));
    expect(probs.every((p) => p > 0 && p < 1)).toBe(true);
  });

  it('the M2 objective runs on a batch of 4 labelled and 4 unlabelled images: 8 finite values, and Adamax steps on it lower it', () => {
    const params = initParams(m, 4);
    const { batch, layout } = enumerated(8, 4);
    const objective = m2(1, layout);

    const values = tf.tidy(() => Array.from(objective(trace(m, params, batch, { seed: 6 })).dataSync()));
    const { losses, tensorsAfterFirst, tensorsAfterLast } = train(m, batch, 10, (t) => tf.neg(tf.mean(objective(t))) as tf.Scalar);
    tf.dispose(Object.values(batch));
    disposeParams(params);

    expect(layout).toMatchObject({ labelled: 4, unlabelled: 4 });
    expect(values).toHaveLength(8);
    expect(values.every(Number.isFinite)).toBe(true);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(meanOfSteps(losses, 8, 10)).toBeLessThan(losses[0]);
    expect(tensorsAfterLast).toBe(tensorsAfterFirst);
  });
});
