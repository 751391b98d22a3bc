import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileMlp } from '../../../src/dsl/nets/mlp.js';
import { mlp } from '../../../src/dsl/nets/net.js';
import { evaluation, randomParams } from '../../support/nets.js';
import { close, f32 } from '../../support/tensors.js';

/** Float64 dense layer: x W + b. */
const denseRef = (x: readonly number[], w: readonly (readonly number[])[], b: readonly number[]): number[] =>
  b.map((bj, j) => x.reduce((a, xi, i) => a + xi * w[i][j], bj));

describe('mlp', () => {
  it('property: output = relu(relu(concat(parents) W0 + b0) W1 + b1) in float64 within 1e-4 + 1e-5 |ref|, parents concatenated in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.float(f32(-2, 2)), { minLength: 2, maxLength: 2 }),
        fc.array(fc.float(f32(-2, 2)), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: 0, max: 1000 }),
        (a, b, seed) => {
          const net = compileMlp(mlp([4, 3]), [[2], [3]], 'n');
          const params = randomParams(net.params, seed);
          const out = tf.tidy(() => Array.from(net.apply(params.get, [tf.tensor2d([a]), tf.tensor2d([b])], evaluation).dataSync()));
          const matrix = (name: string): number[][] => params.values.get(name)!.arraySync() as number[][];
          const vector = (name: string): number[] => Array.from(params.values.get(name)!.dataSync());
          const relu = (v: number[]): number[] => v.map((x) => Math.max(0, x));
          const h = relu(denseRef([...a, ...b], matrix('n/dense0/w'), vector('n/dense0/b')));
          const expected = relu(denseRef(h, matrix('n/dense1/w'), vector('n/dense1/b')));
          params.dispose();
          return net.outputShape[0] === 3 && expected.every((e, j) => close(out[j], e, 1e-4, 1e-5));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('weight normalization: the effective weight columns have norm g', () => {
    const net = compileMlp(mlp([3], { weightNorm: true, activation: 'linear' }), [[2]], 'n');
    const params = randomParams(net.params, 4);
    const g = Array.from(params.values.get('n/dense0/g')!.dataSync());

    const columns = tf.tidy(() => {
      const b = params.get('n/dense0/b');
      const rows = [net.apply(params.get, [tf.tensor2d([[1, 0]])], evaluation), net.apply(params.get, [tf.tensor2d([[0, 1]])], evaluation)];
      return rows.map((r) => tf.sub(r, b).arraySync() as number[][]);
    });
    params.dispose();

    g.forEach((gj, j) => expect(Math.hypot(columns[0][0][j], columns[1][0][j])).toBeCloseTo(Math.abs(gj), 5));
  });

  it('dropout is active only when training', () => {
    const net = compileMlp(mlp([64], { dropout: 0.5, activation: 'linear' }), [[4]], 'n');
    const params = randomParams(net.params, 1);
    const x = tf.ones([1, 4]);

    const [evaluated, again, trained] = tf.tidy(() =>
      [net.apply(params.get, [x], evaluation), net.apply(params.get, [x], evaluation), net.apply(params.get, [x], { training: true, seed: 3 })].map((t) =>
        Array.from(t.dataSync()),
      ),
    );
    x.dispose();
    params.dispose();

    expect(again).toEqual(evaluated);
    expect(trained.filter((v) => v === 0).length).toBeGreaterThan(10);
  });
});
