import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adam, adamax, fusedAdamStep, NativeAdamOptimizer } from '../../../src/backend/native/native-optimizers.js';
import { compareWithCpu, floats, skipReason } from './reference.js';

const problem = fc.record({
  sizes: fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 3 }),
  learningRate: fc.constantFrom(0.001, 0.01, 0.1),
  steps: fc.integer({ min: 1, max: 4 }),
  rule: fc.constantFrom('adam', 'adamax'),
  decay: fc.constantFrom(0, 0.1),
}).chain((p) => fc.record({
  p: fc.constant(p),
  starts: fc.tuple(...p.sizes.map(floats)),
  targets: fc.tuple(...p.sizes.map(floats)),
}));

/** Minimises sum((w - target)^3 w) over each variable; returns the final values. */
const train = (optimizer: () => tf.Optimizer, starts: Float32Array[], targets: Float32Array[],
  steps: number) => (): tf.Tensor[] => {
  const weights = starts.map((s) => tf.variable(tf.tensor1d(s)));
  const goals = targets.map((t) => tf.tensor1d(t));
  const opt = optimizer();
  for (let i = 0; i < steps; i++) {
    opt.minimize(() => tf.addN(weights.map((w, j) =>
      tf.sum(tf.mul(tf.pow(tf.sub(w, goals[j]), 3), w)))) as tf.Scalar);
  }
  const result = weights.map((w) => w.clone());
  opt.dispose();
  tf.dispose([...weights, ...goals]);
  return result;
};

describe.skipIf(skipReason !== '')(`native Adam and Adamax${skipReason}`, () => {
  it('adam() and adamax() are the native optimizer on the native backend', async () => {
    await tf.setBackend('wasm');
    for (const opt of [adam(0.01), adamax(0.01)]) {
      expect(opt.constructor).toBe(NativeAdamOptimizer);
      opt.dispose();
    }
  });

  it('elsewhere they are tfjs optimizers and fusedAdamStep declines', async () => {
    await tf.setBackend('cpu');
    const opt = adam(0.01);
    expect(opt.constructor).not.toBe(NativeAdamOptimizer);
    opt.dispose();
    const x = tf.ones([2]);
    expect(fusedAdamStep({ value: x, m: x, v: x, gradient: x }, {
      rule: 'adam', learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, correction1: 0.1,
      correction2: 0.001,
    })).toBeUndefined();
    x.dispose();
  });

  it('take the same steps as tf.train.adam / adamax on cpu and leak no tensors', async () => {
    await fc.assert(fc.asyncProperty(problem, async ({ p, starts, targets }) => {
      const [native, reference] = p.rule === 'adam'
        ? [() => adam(p.learningRate), () => tf.train.adam(p.learningRate)]
        : [() => adamax(p.learningRate, 0.9, 0.999, undefined, p.decay),
          () => tf.train.adamax(p.learningRate, 0.9, 0.999, undefined, p.decay)];
      const { error, leaked } = await compareWithCpu(
        train(native, starts, targets, p.steps), train(reference, starts, targets, p.steps));
      expect(error).toBeLessThan(1e-4);
      expect(leaked).toBe(0);
    }), { numRuns: 30 });
  });
});
