import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { model } from '../../../src/dsl/builder.js';
import { categorical, normal } from '../../../src/dsl/distributions/distribution.js';
import { disposeParams, initParams, lookup } from '../../../src/dsl/params.js';
import { prior } from '../../../src/dsl/spec.js';
import { defaultAlpha, enumerateLabels, m2 } from '../../../src/inference/objectives/m2.js';
import { trace } from '../../../src/inference/trace.js';
import { prng } from '../../../src/random/prng.js';
import { logSoftmax, normalKl, normalLogPdf, softplus } from '../../support/reference.js';
import { compiled } from '../../support/models.js';

// x in R^3, z in R^2, y in {0, 1, 2}: p(z) = N(0, I), p(y) uniform, p(x | z, y) and q(z | x, y) linear
// heads over the concatenated parents (y one-hot), q(y | x) linear logits.
const m = compiled(
  model()
    .observed('x', normal([3]))
    .latent('z', normal([2]))
    .label('y', categorical(3))
    .p('z', prior)
    .p('y', prior)
    .p('x', ['z', 'y'])
    .q('y', ['x'])
    .q('z', ['x', 'y']).spec,
);
const store = initParams(m, 1);
const rng = prng(9);
/** Float32 values in [-1, 1), assigned to every parameter; the reference reads the same numbers. */
const weights = new Map(
  [...store.entries()].map(([name, v]) => {
    const values = Array.from({ length: v.size }, () => Math.fround(2 * rng.next() - 1));
    tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
    return [name, { values, columns: v.shape[v.rank - 1] }];
  }),
);
afterAll(() => disposeParams(store));

/** Output `j` of a linear head at input `u`: sum_i u_i w[i, j] + b_j, float64. */
const linear = (key: string, u: readonly number[], j: number): number => {
  const w = weights.get(`${key}/head/w`)!;
  return u.reduce((a, ui, i) => a + ui * w.values[i * w.columns + j], weights.get(`${key}/head/b`)!.values[j]);
};
const oneHot = (c: number): number[] => [0, 1, 2].map((i) => (i === c ? 1 : 0));
const logScale = (raw: number): number => Math.log(softplus(raw) + Math.exp(-10));

/** log q(y | x) for the three classes, float64. */
const logQy = (x: readonly number[]): number[] => logSoftmax([0, 1, 2].map((c) => linear('q:y', x, c)));

/** ELBO(x, y) at one sample z of q(z | x, y): log p(x | z, y) + log p(y) - KL(q(z | x, y) || N(0, I)), float64. */
const elboAt = (x: readonly number[], y: number, z: readonly number[]): number => {
  const pIn = [...z, ...oneHot(y)];
  const logpx = x.reduce((a, xj, j) => a + normalLogPdf(xj, linear('p:x', pIn, j), logScale(linear('p:x', pIn, 3 + j))), 0);
  const qIn = [...x, ...oneHot(y)];
  const kl = [0, 1].reduce((a, i) => a + normalKl(linear('q:z', qIn, i), logScale(linear('q:z', qIn, 2 + i)), 0, 0), 0);
  return logpx + Math.log(1 / 3) - kl;
};

const xs = [
  [0.5, -1.0, 0.3],
  [1.2, 0.4, -0.6],
  [-0.8, 0.9, 1.1],
  [0.0, -0.3, -1.4],
];
const labels = [2, 0, 1, 0];
const labelled = [true, false, true, false];
const alpha = 0.7;

/** Runs `f` in a tf scope that disposes every tensor it made; `f` returns plain values. */
const evaluated = <T>(f: () => T): T => {
  let out: T | undefined;
  tf.tidy(() => {
    out = f();
  });
  return out as T;
};
const k = 2;

/** The M2 objective of `xs` under a labelled mask, with the enumerated rows and the sampled z, and the hand ELBO of each enumerated row. */
const scenario = (mask: readonly boolean[]) => {
  const run = evaluated(() => {
    const { batch, layout } = enumerateLabels(m, { x: tf.tensor2d(xs) }, tf.tensor1d(labels), mask);
    const t = trace(m, store, batch, { k, seed: 31 });
    return {
      layout,
      objective: Array.from(m2(alpha, layout)(t).dataSync()),
      xRows: batch.x.arraySync() as number[][],
      yRows: Array.from(batch.y.dataSync()),
      z: t.q.get('z')!.t.arraySync() as number[][],
    };
  });
  const rows = run.xRows.length;
  /** ELBO(x, y) of enumerated row r, averaged over the K samples of the trace. */
  const rowElbo = (r: number): number =>
    Array.from({ length: k }, (_, s) => elboAt(run.xRows[r], run.yRows[r], run.z[s * rows + r])).reduce((a, v) => a + v, 0) / k;
  return { run, rowElbo };
};

/** sum_y q(y | x) ELBO(x, y) + H(q(y | x)) for datum i, with ELBO(x, c) read from enumerated row `rowOf(c)`. */
const unlabelledByHand = (i: number, rowOf: (c: number) => number, rowElbo: (r: number) => number): number => {
  const lq = logQy(xs[i]);
  const sum = [0, 1, 2].reduce((a, c) => a + Math.exp(lq[c]) * rowElbo(rowOf(c)), 0);
  const entropy = -lq.reduce((a, l) => a + Math.exp(l) * l, 0);
  return sum + entropy;
};

const within = (actual: number, expected: number): number => Math.abs(actual - expected) - (1e-4 + 1e-5 * Math.abs(expected));

describe('M2 objective on a batch mixing labelled and unlabelled rows', () => {
  const { run, rowElbo } = scenario(labelled);

  it('enumerates labelled rows first, then each class over the unlabelled rows (class-major)', () => {
    expect(run.layout).toEqual({ label: 'y', classes: 3, labelled: 2, unlabelled: 2 });
    expect(run.xRows).toEqual([0, 2, 1, 3, 1, 3, 1, 3].map((i) => xs[i].map(Math.fround)));
    expect(run.yRows).toEqual([2, 1, 0, 0, 1, 1, 2, 2]);
  });

  it('labelled rows equal ELBO(x, y) + alpha log q(y | x), computed by hand in float64 (within 1e-4 + 1e-5 |ref|)', () => {
    const expected = [0, 2].map((i, r) => rowElbo(r) + alpha * logQy(xs[i])[labels[i]]);

    expected.forEach((e, r) => expect(Math.abs(run.objective[r] - e), `row ${r}: ${run.objective[r]} vs ${e}`).toBeLessThan(1e-4 + 1e-5 * Math.abs(e)));
  });

  it('unlabelled rows equal the explicit sum over classes sum_y q(y|x) ELBO(x, y) + H(q(y|x)), by hand in float64', () => {
    const expected = [1, 3].map((i, u) => unlabelledByHand(i, (c) => 2 + c * 2 + u, rowElbo));

    expect(run.objective).toHaveLength(4);
    expected.forEach((e, u) => expect(Math.abs(run.objective[2 + u] - e), `unlabelled ${u}: ${run.objective[2 + u]} vs ${e}`).toBeLessThan(1e-4 + 1e-5 * Math.abs(e)));
  });
});

describe('M2 objective on a batch with no labelled row', () => {
  const { run, rowElbo } = scenario([false, false, false, false]);

  it('every row is the explicit sum over classes, by hand in float64', () => {
    const expected = [0, 1, 2, 3].map((i) => unlabelledByHand(i, (c) => c * 4 + i, rowElbo));

    expect(run.layout).toEqual({ label: 'y', classes: 3, labelled: 0, unlabelled: 4 });
    expected.forEach((e, i) => expect(within(run.objective[i], e), `datum ${i}: ${run.objective[i]} vs ${e}`).toBeLessThanOrEqual(0));
  });
});

describe('defaultAlpha', () => {
  it('is beta (N_l + N_u) / N_l with beta = 0.1 (Maaløe et al. 2016; Kingma et al.\'s 0.1 N)', () => {
    expect(defaultAlpha(50000, 100)).toBeCloseTo(50, 10);
    expect(defaultAlpha(60000, 600, 0.5)).toBeCloseTo(50, 10);
  });

  it('refuses more labelled examples than examples, or none', () => {
    expect(() => defaultAlpha(10, 0)).toThrow('m2: alpha needs 0 < labelled <= examples');
    expect(() => defaultAlpha(10, 11)).toThrow('got labelled 11, examples 10');
  });
});
