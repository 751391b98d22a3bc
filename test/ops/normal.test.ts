import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_SCALE, normalKl, normalLogDensity, reparameterize, softplusLogScale } from '../../src/ops/normal.js';
import { HALF_LOG_TWO_PI } from '../../src/dsl/distributions/event.js';

type Op = (...xs: tf.Tensor[]) => tf.Tensor;

/** The formulas composed from tfjs ops, differentiated by tfjs: the reference. */
const composed: Record<string, Op> = {
  logDensity: (x, loc, s) => tf.sub(tf.mul(tf.square(tf.div(tf.sub(x, loc), tf.exp(s))), -0.5), tf.add(s, HALF_LOG_TWO_PI)),
  kl: (mq, sq, mp, sp) => tf.add(tf.sub(sp, sq), tf.mul(tf.sub(tf.add(tf.exp(tf.mul(tf.sub(sq, sp), 2)), tf.square(tf.div(tf.sub(mq, mp), tf.exp(sp)))), 1), 0.5)),
  softplus: (raw) => tf.log(tf.add(tf.softplus(raw), MIN_SCALE)),
};

/** Largest |ours - reference| over the value and the gradient for every input. */
const discrepancy = (ours: Op, reference: Op, inputs: tf.Tensor[], seed: number): number => tf.tidy(() => {
  const projection = tf.randomNormal(reference(...inputs).shape, 0, 1, 'float32', seed);
  const grads = (f: Op): tf.Tensor[] => tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), projection)))(inputs);
  const pairs: Array<[tf.Tensor, tf.Tensor]> = [[ours(...inputs), reference(...inputs)], ...grads(ours).map((g, i) => [g, grads(reference)[i]] as [tf.Tensor, tf.Tensor])];
  return Math.max(...pairs.map(([a, b]) => tf.max(tf.div(tf.abs(tf.sub(a, b)), tf.add(tf.abs(b), 1))).dataSync()[0]));
});

const shapes = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 });
const normal = (shape: number[], seed: number, scale = 1): tf.Tensor => tf.randomNormal(shape, 0, scale, 'float32', seed);

describe('normal ops', () => {
  it('property: log-density, KL and softplus log-scale equal the composed formulas, values and gradients, same shapes and broadcast', () => {
    fc.assert(
      fc.property(shapes, fc.integer({ min: 0, max: 1e5 }), fc.boolean(), (shape, seed, broadcast) => tf.tidy(() => {
        const other = broadcast ? [1, ...shape.slice(1)] : shape;
        const worst = Math.max(
          discrepancy(normalLogDensity, composed.logDensity, [normal(shape, seed, 2), normal(other, seed + 1), normal(shape, seed + 2, 0.5)], seed),
          discrepancy(normalKl, composed.kl, [normal(shape, seed), normal(shape, seed + 1, 0.5), normal(other, seed + 2), normal(other, seed + 3, 0.5)], seed),
          discrepancy(softplusLogScale, composed.softplus, [normal(shape, seed, 3)], seed),
        );
        return worst < 1e-4;
      })),
      { numRuns: 40 },
    );
  });

  it('property: reparameterize is loc + e^s eps with gradients 1 and e^s eps', () => {
    fc.assert(
      fc.property(shapes, fc.integer({ min: 0, max: 1e5 }), (shape, seed) => tf.tidy(() => {
        const eps = normal(shape, seed + 9);
        const worst = discrepancy((l, s) => reparameterize(l, s, eps), (l, s) => tf.add(l, tf.mul(tf.exp(s), eps)), [normal(shape, seed), normal(shape, seed + 1, 0.5)], seed);
        return worst < 1e-5;
      })),
      { numRuns: 30 },
    );
  });

  it('stays finite at log-scales of +-10 and far-off locations, and leaves no tensors behind', () => {
    const before = tf.memory().numTensors;

    const finite = tf.tidy(() => {
      const [loc, far, s] = [tf.tensor([0, 0]), tf.tensor([1e3, -1e3]), tf.tensor([-10, 10])];
      const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.add(normalKl(a, b, far, s), normalLogDensity(far, a, b))))([loc, s]);
      return [normalKl(loc, s, far, s), ...grads].every((t) => t.isFinite().all().dataSync()[0] === 1);
    });

    expect(finite).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
});
