import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { model } from '../../src/dsl/builder.js';
import { bernoulli, normal } from '../../src/dsl/distributions/distribution.js';
import { mlp } from '../../src/dsl/nets/net.js';
import { decodeParamsInto, disposeParams, encodeParams, initParams, parameterCount, type ParamStore } from '../../src/dsl/params.js';
import { prior } from '../../src/dsl/spec.js';
import { compiled } from '../support/models.js';

const vae = () =>
  compiled(
    model()
      .observed('x', bernoulli([5]))
      .latent('z', normal([2]))
      .p('z', prior)
      .p('x', ['z'], mlp([3], { weightNorm: true }))
      .q('z', ['x'], mlp([4])).spec,
  );

const snapshot = (store: ParamStore): Record<string, number[]> =>
  Object.fromEntries([...store].map(([name, v]) => [name, Array.from(v.dataSync())]));

const problemsOf = (r: E.Either<string[], void>): string[] => E.match<string[], void, string[]>((p) => p, () => [])(r);

describe('param store', () => {
  it('creates one variable per declared parameter with its shape; the same seed gives the same values', () => {
    const m = vae();

    const a = initParams(m, 9);
    const b = initParams(m, 9);
    const same = JSON.stringify(snapshot(a)) === JSON.stringify(snapshot(b));
    const shapes = m.params.map((p) => [p.name, a.get(p.name)?.shape]);
    const count = parameterCount(a);
    disposeParams(a);
    disposeParams(b);

    expect(same).toBe(true);
    expect(shapes).toEqual(m.params.map((p) => [p.name, [...p.shape]]));
    expect(count).toBe(m.params.reduce((n, p) => n + p.shape.reduce((x, y) => x * y, 1), 0));
  });

  it('weight-norm gains start at the column norms of their weights', () => {
    const store = initParams(vae(), 2);

    const w = store.get('p:x/dense0/w')!.arraySync() as number[][];
    const g = Array.from(store.get('p:x/dense0/g')!.dataSync());
    disposeParams(store);

    g.forEach((gj, j) => expect(gj).toBeCloseTo(Math.hypot(...w.map((row) => row[j])), 5));
  });

  it('encodeParams -> decodeParamsInto round-trips every weight', async () => {
    const m = vae();
    const source = initParams(m, 1);
    const target = initParams(m, 2);

    const { specs, data } = await encodeParams(source);
    const result = decodeParamsInto(target, specs, data);
    const [expected, actual] = [snapshot(source), snapshot(target)];
    disposeParams(source);
    disposeParams(target);

    expect(E.isRight(result)).toBe(true);
    expect(actual).toEqual(expected);
  });

  it('a weight of the wrong shape is reported by name, and nothing is loaded', async () => {
    const m = vae();
    const source = initParams(m, 1);
    const target = initParams(m, 2);
    const before = snapshot(target);

    const { specs, data } = await encodeParams(source);
    const reshaped = specs.map((s) => (s.name === 'p:x/head/w' ? { ...s, shape: [s.shape[1], s.shape[0]] } : s));
    const problems = problemsOf(decodeParamsInto(target, reshaped, data));
    const after = snapshot(target);
    disposeParams(source);
    disposeParams(target);

    expect(problems).toEqual(["weight 'p:x/head/w' has shape [5, 3], the model expects [3, 5]"]);
    expect(after).toEqual(before);
  });

  it('a missing weight is reported by name', async () => {
    const m = vae();
    const source = initParams(m, 1);
    const target = initParams(m, 2);
    const partial: ParamStore = new Map([...source].filter(([name]) => name !== 'p:x/head/b'));

    const { specs, data } = await encodeParams(partial);
    const problems = problemsOf(decodeParamsInto(target, specs, data));
    disposeParams(source);
    disposeParams(target);

    expect(problems).toEqual(["missing weight 'p:x/head/b'"]);
  });

  it('a weight the model does not have is reported by name', async () => {
    const m = vae();
    const source = initParams(m, 1);
    const target = initParams(m, 2);
    const extra = tf.variable(tf.zeros([2]), false, 'extra');
    const bigger: ParamStore = new Map([...source, ['p:x/extra', extra]]);

    const { specs, data } = await encodeParams(bigger);
    const problems = problemsOf(decodeParamsInto(target, specs, data));
    disposeParams(bigger);
    disposeParams(target);

    expect(problems).toEqual(["unexpected weight 'p:x/extra'"]);
  });
});
