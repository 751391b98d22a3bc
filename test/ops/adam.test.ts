import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adamInPlace, adamStep, type AdamSlot } from '../../src/ops/adam.js';
import { StrataAdamInPlace, type StrataAdamAttrs } from '../../src/ops/kernel-names.js';
import { defaultOptimizer } from '../../src/train/config.js';
import { createEma } from '../../src/train/ema.js';
import { createOptimizer } from '../../src/train/optimizer.js';
import { compareWithCpu, floats, skipReason } from '../backend/native/reference.js';

/** Variables of several sizes, with data for every operand. */
const problem = fc.record({
  sizes: fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 4 }),
  rule: fc.constantFrom<'adam' | 'adamax'>('adam', 'adamax'),
  gradScale: fc.constantFrom(1, 0.25),
  emaDecay: fc.constantFrom(0.5, 0.999),
  withEma: fc.boolean(),
}).chain((p) => fc.record({
  p: fc.constant(p),
  data: fc.tuple(...p.sizes.map((n) => fc.tuple(floats(n), floats(n), floats(n), floats(n), floats(n)))),
}));

const attrsOf = (rule: 'adam' | 'adamax'): StrataAdamAttrs => rule === 'adam'
  ? { rule, learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, correction1: 0.19, correction2: 0.002 }
  : { rule, learningRate: 0.05, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, correction1: 1, correction2: 1 };

/** The same step in tf ops: Adam with corrections, or Adamax with max(b2 v, |g|). */
const reference = (a: StrataAdamAttrs, gradScale: number, emaDecay: number,
  [p, m, v, g, e]: tf.Tensor[]): tf.Tensor[] => {
  const grad = tf.mul(g, gradScale);
  const m1 = tf.add(tf.mul(m, a.beta1), tf.mul(grad, 1 - a.beta1));
  const v1 = a.rule === 'adam'
    ? tf.add(tf.mul(v, a.beta2), tf.mul(tf.square(grad), 1 - a.beta2))
    : tf.maximum(tf.mul(v, a.beta2), tf.abs(grad));
  const change = a.rule === 'adam'
    ? tf.div(tf.mul(tf.div(m1, a.correction1), a.learningRate), tf.add(tf.sqrt(tf.div(v1, a.correction2)), a.epsilon))
    : tf.div(tf.mul(m1, a.learningRate), tf.add(v1, a.epsilon));
  const p1 = tf.sub(p, change);
  return [p1, m1, v1, tf.add(tf.mul(e, emaDecay), tf.mul(p1, 1 - emaDecay))];
};

/** A slot of variables that own their memory (the tensor each starts from is disposed). */
const slotOf = (data: Float32Array[], withEma: boolean): AdamSlot => {
  const own = (d: Float32Array): tf.Variable => tf.tidy(() => tf.variable(tf.tensor1d(d), false));
  return {
    value: own(data[0]), m: own(data[1]), v: own(data[2].map(Math.abs)), gradient: tf.tensor1d(data[3]),
    ...(withEma ? { ema: own(data[4]) } : {}),
  };
};

describe.skipIf(skipReason !== '')(`native ${StrataAdamInPlace}${skipReason}`, () => {
  it('property: writes the step of tf ops on cpu (gradient scaled, average moved) into every variable, and leaks nothing', async () => {
    await fc.assert(fc.asyncProperty(problem, async ({ p, data }) => {
      const attrs = attrsOf(p.rule);
      let left = -1;
      const { error, leaked } = await compareWithCpu(() => {
        const slots = data.map((d) => slotOf([...d], p.withEma));
        left = adamInPlace(slots, attrs, p.gradScale, p.emaDecay).length;
        const out = slots.flatMap((s) => [s.value, s.m, s.v, ...(s.ema ? [s.ema] : [])].map((t) => t.clone()));
        tf.dispose(slots.flatMap((s) => [s.value, s.m, s.v, s.gradient, ...(s.ema ? [s.ema] : [])]));
        return out;
      }, () => data.flatMap((d) => {
        const [p1, m1, v1, e1] = reference(attrs, p.gradScale, p.emaDecay,
          [d[0], d[1], d[2].map(Math.abs), d[3], d[4]].map((x) => tf.tensor1d(x)));
        return [p1, m1, v1, ...(p.withEma ? [e1] : [])];
      }));
      expect(left).toBe(0);
      expect(error).toBeLessThan(1e-5);
      expect(leaked).toBe(0);
    }), { numRuns: 30 });
  });

  it('splits a long list over threads with the same result', async () => {
    const sizes = [1, 40000, 33333];
    const data = sizes.map((n, i) => [0, 1, 2, 3, 4].map((k) => Float32Array.from({ length: n }, (_, j) => Math.sin(j * 0.37 + k * 1.3 + i))));
    const attrs = attrsOf('adamax');

    const { error, leaked } = await compareWithCpu(() => {
      const slots = data.map((d) => slotOf(d, true));
      adamInPlace(slots, attrs, 0.5, 0.9);
      const out = slots.flatMap((s) => [s.value, s.m, s.v, s.ema!].map((t) => t.clone()));
      tf.dispose(slots.flatMap((s) => [s.value, s.m, s.v, s.gradient, s.ema!]));
      return out;
    }, () => data.flatMap((d) => reference(attrs, 0.5, 0.9, [d[0], d[1], d[2].map(Math.abs), d[3], d[4]].map((x) => tf.tensor1d(x)))));

    expect(error).toBeLessThan(1e-5);
    expect(leaked).toBe(0);
  });

  it('is the step createOptimizer takes on the native backend, averages included, as on cpu', async () => {
    const train = (): tf.Tensor[] => {
      const params = new Map([['a', tf.variable(tf.tensor1d([0.3, -0.1, 0.2]))], ['b', tf.variable(tf.ones([2, 2]))]]);
      const ema = createEma(params);
      const opt = createOptimizer({ ...defaultOptimizer, lr: 0.05 });
      for (let i = 0; i < 4; i++) {
        const { value, grads } = tf.variableGrads(() => tf.add(tf.sum(tf.square(tf.sub(params.get('a')!, 1))),
          tf.sum(tf.mul(params.get('b')!, tf.tensor2d([[1, -2], [3, 0.5]])))) as tf.Scalar, [...params.values()]);
        opt.apply(params, { a: grads[params.get('a')!.name], b: grads[params.get('b')!.name] },
          { gradScale: 0.5, ema: { store: ema, decay: 0.9 } });
        tf.dispose([value, ...Object.values(grads)]);
      }
      const out = [...params.values(), ...ema.values()].map((t) => t.clone());
      opt.dispose();
      tf.dispose([...params.values(), ...ema.values()]);
      return out;
    };

    const { error, leaked } = await compareWithCpu(train);

    expect(error).toBeLessThan(1e-6);
    expect(leaked).toBe(0);
  });

  it('updates every variable in one kernel call that creates no tensor', async () => {
    await tf.setBackend('wasm');
    const slots = [slotOf([1, 2, 3, 4, 5].map((x) => Float32Array.of(x)), true), slotOf([1, 2, 3, 4, 5].map((x) => new Float32Array(9).fill(x)), false)];
    const before = tf.memory().numTensors;

    const profile = await tf.profile(() => { adamInPlace(slots, attrsOf('adamax'), 1, 0.5); });

    expect(profile.kernels.map((k) => k.name)).toEqual([StrataAdamInPlace]);
    expect(tf.memory().numTensors).toBe(before);
    expect(slots[0].value.dataSync()[0]).not.toBe(1);
    tf.dispose(slots.flatMap((s) => [s.value, s.m, s.v, s.gradient, ...(s.ema ? [s.ema] : [])]));
  });

  it('leaves a variable whose memory another tensor shares to the caller, untouched', async () => {
    await tf.setBackend('wasm');
    const shared = slotOf([1, 2, 3, 4, 5].map((x) => Float32Array.of(x)), false);
    const alone = slotOf([1, 2, 3, 4, 5].map((x) => Float32Array.of(x)), false);
    const view = shared.value.reshape([1, 1]);

    const left = adamInPlace([shared, alone], attrsOf('adam'), 1, 0.5);

    expect(left).toEqual([shared]);
    expect(view.dataSync()[0]).toBe(1);
    expect(alone.value.dataSync()[0]).not.toBe(1);
    tf.dispose([view, ...[shared, alone].flatMap((s) => [s.value, s.m, s.v, s.gradient])]);
  });

  it('after the first step, createOptimizer steps every variable and its average in one in-place kernel', async () => {
    await tf.setBackend('wasm');
    const params = new Map([['a', tf.variable(tf.tensor1d([0.3, -0.1, 0.2]))], ['b', tf.variable(tf.ones([2, 2]))]]);
    const ema = createEma(params);
    const opt = createOptimizer({ ...defaultOptimizer, lr: 0.05 });
    const step = (): void => {
      const grads = { a: tf.onesLike(params.get('a')!), b: tf.onesLike(params.get('b')!) };
      opt.apply(params, grads, { ema: { store: ema, decay: 0.9 } });
      tf.dispose(Object.values(grads));
    };
    step();

    const profile = await tf.profile(step);

    expect(profile.kernels.map((k) => k.name).filter((name) => name.startsWith('Strata'))).toEqual([StrataAdamInPlace]);
    opt.dispose();
    tf.dispose([...params.values(), ...ema.values()]);
  });

  it('leaves a slot whose average is its own value (an ema store that is the parameter store) to the caller', async () => {
    await tf.setBackend('wasm');
    const s = slotOf([1, 2, 3, 4, 5].map((x) => Float32Array.of(x)), false);

    const left = adamInPlace([{ ...s, ema: s.value }], attrsOf('adam'), 1, 0.5);

    expect(left).toHaveLength(1);
    expect(s.value.dataSync()[0]).toBe(1);
    tf.dispose([s.value, s.m, s.v, s.gradient]);
  });

  it('updates a variable listed twice once, leaving the second listing to the caller', async () => {
    await tf.setBackend('wasm');
    const s = slotOf([1, 2, 3, 4, 5].map((x) => Float32Array.of(x)), false);

    const left = adamInPlace([s, s], attrsOf('adam'), 1, 0.5);

    expect(left).toHaveLength(1);
    expect(left[0]).toBe(s);
    tf.dispose([s.value, s.m, s.v, s.gradient]);
  });

  it('the kernel refuses shared memory and names the operand', async () => {
    await tf.setBackend('wasm');
    const s = slotOf([1, 2, 3, 4, 5].map((x) => Float32Array.of(x)), false);
    const view = s.m.reshape([1, 1]);
    const attrs = { ...attrsOf('adam'), gradScale: 1, emaDecay: 0, count: 1, hasEma: [false] };

    expect(() => tf.engine().runKernel(StrataAdamInPlace, { value0: s.value, m0: s.m, v0: s.v, gradient0: s.gradient },
      attrs as unknown as tf.NamedAttrMap)).toThrow(`${StrataAdamInPlace}: m0 shares its memory with another tensor`);
    tf.dispose([view, s.value, s.m, s.v, s.gradient]);
  });

  it('declines every slot where the kernel is not registered', async () => {
    await tf.setBackend('cpu');
    const s = slotOf([1, 2, 3, 4, 5].map((x) => Float32Array.of(x)), false);

    expect(adamInPlace([s], attrsOf('adam'), 1, 0.5)).toEqual([s]);
    tf.dispose([s.value, s.m, s.v, s.gradient]);
  });
});

describe('adamStep without the StrataAdam kernel (cpu)', () => {
  it('takes the step of Algorithm 1 of Kingma & Ba (Adam) and of sec. 7.1 (Adamax)', async () => {
    // Arrange: one step from value 1, zero moments, gradient 0.5.
    await tf.setBackend('cpu');
    const [value, zero, gradient] = [tf.tensor1d([1]), tf.tensor1d([0]), tf.tensor1d([0.5])];
    const base = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
    const before = tf.memory().numTensors;

    // Act
    const adam = adamStep({ value, m: zero, v: zero, gradient },
      { ...base, rule: 'adam', correction1: 0.1, correction2: 0.001 });
    const adamax = adamStep({ value, m: zero, v: zero, gradient },
      { ...base, rule: 'adamax', learningRate: 0.1 / 0.1, correction1: 1, correction2: 1 });

    // Assert: m1 = 0.05; Adam: v1 = 0.00025, step = lr (m1 / 0.1) / sqrt(v1 / 0.001) = lr; Adamax: u = 0.5, step = lr.
    expect(adam.map((t) => t.dataSync()[0])).toEqual([expect.closeTo(0.9, 6), expect.closeTo(0.05, 6), expect.closeTo(0.00025, 8)]);
    expect(adamax.map((t) => t.dataSync()[0])).toEqual([expect.closeTo(0.9, 6), expect.closeTo(0.05, 6), expect.closeTo(0.5, 6)]);
    expect(tf.memory().numTensors - before).toBe(6);
    tf.dispose([...adam, ...adamax, value, zero, gradient]);
  });
});
