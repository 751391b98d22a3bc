import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultOptimizer } from '../../src/train/config.js';
import { updateEma } from '../../src/train/ema.js';
import { createOptimizer } from '../../src/train/optimizer.js';

const loss = (w: tf.Variable): tf.Scalar => tf.sum(tf.square(tf.sub(tf.mul(w, tf.tensor1d([1, -2, 3])), tf.tensor1d([0.5, 1, -1])))) as tf.Scalar;

const ours = (name: 'adamax' | 'adam', steps: number, lr: number): Float32Array => {
  const w = tf.variable(tf.tensor1d([0.3, -0.1, 0.2]));
  const opt = createOptimizer({ ...defaultOptimizer, name, lr, epsilon: 1e-7 });
  for (let i = 0; i < steps; i++) {
    const { grads } = tf.variableGrads(() => loss(w), [w]);
    opt.apply(new Map([['w', w]]), { w: grads[w.name] });
    tf.dispose(Object.values(grads));
  }
  const out = w.dataSync() as Float32Array;
  opt.dispose();
  w.dispose();
  return Float32Array.from(out);
};

const reference = (make: () => tf.Optimizer, steps: number): Float32Array => {
  const w = tf.variable(tf.tensor1d([0.3, -0.1, 0.2]));
  const opt = make();
  for (let i = 0; i < steps; i++) opt.minimize(() => loss(w), false, [w]);
  const out = Float32Array.from(w.dataSync() as Float32Array);
  opt.dispose();
  w.dispose();
  return out;
};

describe('createOptimizer', () => {
  it('Adamax takes the steps of tf.train.adamax', () => {
    const mine = ours('adamax', 20, 0.05);
    const theirs = reference(() => tf.train.adamax(0.05, 0.9, 0.999, 1e-7), 20);

    mine.forEach((v, i) => expect(v).toBeCloseTo(theirs[i], 5));
  });

  it('Adam takes the steps of tf.train.adam', () => {
    const mine = ours('adam', 20, 0.05);
    const theirs = reference(() => tf.train.adam(0.05, 0.9, 0.999, 1e-7), 20);

    mine.forEach((v, i) => expect(v).toBeCloseTo(theirs[i], 5));
  });

  it('restores its moments and step count exactly', () => {
    const w = tf.variable(tf.tensor1d([0.3, -0.1, 0.2]));
    const vars = new Map([['w', w]]);
    const a = createOptimizer({ ...defaultOptimizer, lr: 0.05 });
    const step = (opt: ReturnType<typeof createOptimizer>): void => {
      const { grads } = tf.variableGrads(() => loss(w), [w]);
      opt.apply(vars, { w: grads[w.name] });
      tf.dispose(Object.values(grads));
    };
    step(a);
    step(a);
    const saved = a.state();
    const b = createOptimizer({ ...defaultOptimizer, lr: 0.05 });
    b.restore(saved.iterations, saved.tensors);
    const start = Float32Array.from(w.dataSync() as Float32Array);

    step(a);
    const afterA = Float32Array.from(w.dataSync() as Float32Array);
    w.assign(tf.tensor1d(Array.from(start)));
    step(b);

    expect(b.iterations()).toBe(3);
    expect(Float32Array.from(w.dataSync() as Float32Array)).toEqual(afterA);
  });

  it('scales the gradients by gradScale and moves every average of the ema store after the step', () => {
    const run = (withOptions: boolean): number[][] => {
      const w = tf.variable(tf.tensor1d([0.3, -0.1, 0.2]));
      const unused = tf.variable(tf.tensor1d([5]));
      const ema = new Map([['w', tf.variable(tf.tensor1d([0, 0, 0]), false)], ['unused', tf.variable(tf.tensor1d([1]), false)]]);
      const opt = createOptimizer({ ...defaultOptimizer, lr: 0.05 });
      for (let i = 0; i < 3; i++) {
        const { value, grads } = tf.variableGrads(() => loss(w), [w]);
        const vars = new Map([['w', w], ['unused', unused]]);
        if (withOptions) {
          opt.apply(vars, { w: grads[w.name] }, { gradScale: 0.5, ema: { store: ema, decay: 0.75 } });
        } else {
          const half = tf.mul(grads[w.name], 0.5);
          opt.apply(vars, { w: half });
          half.dispose();
          updateEma(ema, vars, 0.75);
        }
        tf.dispose([value, ...Object.values(grads)]);
      }
      const out = [w, ema.get('w')!, ema.get('unused')!].map((t) => Array.from(t.dataSync()));
      opt.dispose();
      tf.dispose([w, unused, ...ema.values()]);
      return out;
    };

    const [fused, separate] = [run(true), run(false)];

    fused.flat().forEach((v, i) => expect(v).toBeCloseTo(separate.flat()[i], 6));
    expect(fused[2][0]).toBeCloseTo(1 * 0.75 ** 3 + 5 * (1 - 0.75 ** 3), 5);
  });

  it('warms the learning rate up linearly and decays it per update', () => {
    const opt = createOptimizer({ ...defaultOptimizer, lr: 1, decay: 0.5, warmup: 4 });

    expect(opt.learningRate()).toBeCloseTo(0.25);
  });
});
