import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { logProb } from '../../../src/dsl/distributions/density.js';
import { bernoulli, categorical, discretizedLogistic, normal } from '../../../src/dsl/distributions/distribution.js';

/** logProb(dist, raw, x) as numbers. */
const lp = (d: Parameters<typeof logProb>[0], raw: tf.Tensor, x: tf.Tensor): number[] => {
  const out = tf.tidy(() => Array.from(logProb(d, raw, x).dataSync()));
  tf.dispose([raw, x]);
  return out;
};

// References: scipy 1.17 in float64 (scipy.stats.norm / bernoulli / logistic, scipy.special.log_softmax), by hand per row.
describe('logProb(dist, raw, x) on the raw layout a head emits, against scipy', () => {
  it('Normal, softplus scale: raw [loc | raw scale], sigma = softplus(r) + e^-10', () => {
    const v = lp(normal([2]), tf.tensor2d([[0.5, -1.0, 0.3, -2.0]]), tf.tensor2d([[1.2, -0.4]]));

    expect(v[0]).toBeCloseTo(-11.117057425846811, 4);
  });

  it("Normal, 'exp' scale: the raw scale is a log-variance", () => {
    const v = lp(normal([2], { scale: 'exp' }), tf.tensor2d([[0.5, -1.0, 0.4, -1.2]]), tf.tensor2d([[1.2, -0.4]]));

    expect(v[0]).toBeCloseTo(-2.1997265237806554, 5);
  });

  it('Bernoulli: raw logits', () => {
    const v = lp(bernoulli([3]), tf.tensor2d([[2, -1, 0]]), tf.tensor2d([[1, 0, 1]]));

    expect(v[0]).toBeCloseTo(-1.1333368791211407, 5);
  });

  it('Categorical: raw [..., classes] logits; padding scores 0', () => {
    const raw = () => tf.tensor3d([[[1, 2, 3], [0.5, -0.5, 0]]]);
    const v = lp(categorical(3, [2]), raw(), tf.tensor2d([[2, 0]]));
    const padded = lp(categorical(3, [2], { padId: 0 }), raw(), tf.tensor2d([[2, 0]]));

    expect(v[0]).toBeCloseTo(-1.087875635086115, 5);
    expect(padded[0]).toBeCloseTo(-0.4076059644443804, 5);
  });

  it('discretized logistic: raw [M logits | M c means | M c log-scales], interior and both edge bins', () => {
    const pixel = [0.3, -0.2, 0.1, -0.5, -2.0, -3.0];
    const v = lp(discretizedLogistic([1, 3, 1], 2), tf.tensor4d([[[pixel, pixel, pixel]]]), tf.tensor4d([[[[100], [0], [255]]]]));

    expect(v[0]).toBeCloseTo(-21.354966102162756, 3);
  });
});

describe('densities give -inf outside the support (issue 14.2)', () => {
  it('categorical(5, [3]) on [0,1,2], [0,1,5], [0,1,99], [0,1,-2]: finite, then -inf three times (was -3.2189, -3.2886, -3.2189)', () => {
    const raw = tf.tidy(() => tf.randomNormal([4, 3, 5], 0, 1, 'float32', 3));

    const v = lp(categorical(5, [3]), raw, tf.tensor2d([[0, 1, 2], [0, 1, 5], [0, 1, 99], [0, 1, -2]]));

    expect(Number.isFinite(v[0])).toBe(true);
    expect(v.slice(1)).toEqual([-Infinity, -Infinity, -Infinity]);
  });

  it('a fractional class index, a Bernoulli value of 0.5 or 2, a pixel of 256 or 3.5 give -inf', () => {
    const cat = lp(categorical(5, []), tf.zeros([1, 5]), tf.tensor1d([2.5]));
    const bern = lp(bernoulli([2]), tf.zeros([2, 2]), tf.tensor2d([[0.5, 0], [1, 2]]));
    const pixel = [0.3, -0.2, 0.1, -0.5, -2.0, -3.0];
    const dl = lp(discretizedLogistic([1, 1, 1], 2), tf.tensor4d([[[pixel]], [[pixel]]]), tf.tensor4d([[[[256]]], [[[3.5]]]]));

    expect([...cat, ...bern, ...dl]).toEqual([-Infinity, -Infinity, -Infinity, -Infinity, -Infinity]);
  });
});
