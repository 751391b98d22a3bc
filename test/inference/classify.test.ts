import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { model } from '../../src/dsl/builder.js';
import { categorical, normal } from '../../src/dsl/distributions/distribution.js';
import { disposeParams, initParams } from '../../src/dsl/params.js';
import { prior } from '../../src/dsl/spec.js';
import { classifyBatches, errorRate, labelLogPosterior, labelNode, predictLabels } from '../../src/inference/classify.js';
import { prng } from '../../src/random/prng.js';
import { logSoftmax } from '../support/reference.js';
import { compiled } from '../support/models.js';

// x in R^3, z in R^2, y in {0, 1, 2}; q(y | x) a linear head over x, as in test/inference/objectives/m2.test.ts.
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
const rng = prng(5);
const weights = new Map(
  [...store.entries()].map(([name, v]) => {
    const values = Array.from({ length: v.size }, () => Math.fround(2 * rng.next() - 1));
    tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
    return [name, { values, columns: v.shape[v.rank - 1] }];
  }),
);
afterAll(() => disposeParams(store));

/** log q(y = c | x) for the three classes by hand, float64. */
const logQy = (x: readonly number[]): number[] => {
  const w = weights.get('q:y/head/w')!;
  const b = weights.get('q:y/head/b')!.values;
  return logSoftmax([0, 1, 2].map((c) => x.reduce((a, xi, i) => a + xi * w.values[i * w.columns + c], b[c])));
};
const xs = [
  [0.5, -1.0, 0.3],
  [1.2, 0.4, -0.6],
  [-0.8, 0.9, 1.1],
  [0.0, -0.3, -1.4],
  [2.0, -2.0, 0.5],
];
const argmax = (v: readonly number[]): number => v.indexOf(Math.max(...v));

describe('labelLogPosterior', () => {
  it('is log softmax of the classifier head on x, by hand in float64 (within 1e-5)', () => {
    const got = tf.tidy(() => labelLogPosterior(m, store, { x: tf.tensor2d(xs) }).arraySync());

    xs.forEach((x, i) => logQy(x).forEach((l, c) => expect(Math.abs(got[i][c] - l)).toBeLessThan(1e-5)));
  });

  it('ignores a label value in the batch and leaves no tensors behind', () => {
    const before = tf.memory().numTensors;

    const a = tf.tidy(() => labelLogPosterior(m, store, { x: tf.tensor2d(xs) }).arraySync());
    const b = tf.tidy(() => labelLogPosterior(m, store, { x: tf.tensor2d(xs), y: tf.tensor1d([2, 2, 2, 2, 2]) }).arraySync());

    expect(b).toEqual(a);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a model without a label node, naming the count', () => {
    const plain = compiled(model().observed('x', normal([3])).latent('z', normal([2])).p('z', prior).p('x', ['z']).q('z', ['x']).spec);

    expect(() => labelNode(plain)).toThrow('classify: the model must declare exactly one label node, it has 0');
  });
});

describe('predictLabels and classifyBatches', () => {
  it('predict argmax q(y | x) and count the errors against the true labels', async () => {
    const expected = xs.map((x) => argmax(logQy(x)));
    const truth = [expected[0], (expected[1] + 1) % 3, expected[2], expected[3], (expected[4] + 2) % 3];
    const before = tf.memory().numTensors;
    const batches = [
      { x: tf.tensor2d(xs.slice(0, 2)), y: tf.tensor1d(truth.slice(0, 2)) },
      { x: tf.tensor2d(xs.slice(2)), y: tf.tensor1d(truth.slice(2)) },
    ];

    const predicted = tf.tidy(() => Array.from(predictLabels(m, store, batches[0]).dataSync()));
    const c = await classifyBatches(m, store, batches);
    tf.dispose(batches.flatMap((b) => [b.x, b.y]));

    expect(predicted).toEqual(expected.slice(0, 2));
    expect(Array.from(c.predicted)).toEqual(expected);
    expect(Array.from(c.truth)).toEqual(truth);
    expect({ examples: c.examples, wrong: c.wrong, rate: c.rate }).toEqual({ examples: 5, wrong: 2, rate: 0.4 });
    c.confidence.forEach((p, i) => expect(Math.abs(p - Math.exp(Math.max(...logQy(xs[i]))))).toBeLessThan(1e-5));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('errorRate', () => {
  it('is the share of disagreeing positions', () => {
    expect(errorRate([0, 1, 2, 3], [0, 1, 1, 0])).toEqual({ examples: 4, wrong: 2, rate: 0.5 });
    expect(errorRate([], []).rate).toBeNaN();
  });

  it('refuses predictions and labels of different lengths', () => {
    expect(() => errorRate([1, 2], [1])).toThrow('classify: 2 predictions for 1 labels');
  });
});
