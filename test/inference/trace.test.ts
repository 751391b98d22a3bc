import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { model } from '../../src/dsl/builder.js';
import { bernoulli, categorical, discretizedLogistic, normal } from '../../src/dsl/distributions/distribution.js';
import { lstm, mlp, resnet } from '../../src/dsl/nets/net.js';
import { disposeParams, initParams, lookup, type ParamStore } from '../../src/dsl/params.js';
import { prior } from '../../src/dsl/spec.js';
import { elbo } from '../../src/inference/objectives/elbo.js';
import { trace } from '../../src/inference/trace.js';
import { normalLogPdf, softplus } from '../support/reference.js';
import { close } from '../support/tensors.js';
import { compiled, denseLadder } from '../support/models.js';

describe('trace of a linear-Gaussian model', () => {
  // x = W z + b + noise, z ~ N(0, I_2), noise ~ N(0, sigma^2 I_3), written in the DSL with a linear head.
  const W = [
    [0.5, -1.2, 0.3],
    [2.0, 0.7, -0.4],
  ];
  const bias = [0.1, -0.3, 0.8];
  const rawScale = 0.25;
  const logSigma = Math.log(softplus(rawScale) + Math.exp(-10));
  const xs = [
    [0.2, -1.0, 1.5],
    [-0.7, 0.4, 0.0],
    [1.1, 2.2, -0.9],
  ];

  /** Sets the head of p(x | z): location half of the weights to W and of the bias to b; scale half of W to 0, of the bias to a constant. */
  const setHead = (store: ParamStore): void =>
    tf.tidy(() => {
      lookup(store)('p:x/head/w').assign(tf.tensor2d(W.map((row) => [...row, 0, 0, 0])));
      lookup(store)('p:x/head/b').assign(tf.tensor1d([...bias, rawScale, rawScale, rawScale]));
    });

  it('log p(x | z) + log p(z) from the trace equals the float64 closed form at the sampled z (within 1e-4 + 1e-5 |ref|)', () => {
    const m = compiled(model().observed('x', normal([3])).latent('z', normal([2])).p('z', prior).p('x', ['z']).q('z', ['x']).spec);
    const store = initParams(m, 3);
    setHead(store);
    const k = 4;
    const b = xs.length;

    const { joint, z } = tf.tidy(() => {
      const t = trace(m, store, { x: tf.tensor2d(xs) }, { k, seed: 17 });
      const logp = t.terms.map((term) => term.logp);
      return { joint: Array.from(tf.addN(logp).dataSync()), z: t.q.get('z')!.t.arraySync() as number[][] };
    });
    disposeParams(store);

    const reference = z.map((zn, n) => {
      const x = xs[n % b];
      const loc = bias.map((bj, j) => bj + zn[0] * W[0][j] + zn[1] * W[1][j]);
      const logpx = x.reduce((a, xj, j) => a + normalLogPdf(xj, loc[j], logSigma), 0);
      return logpx + normalLogPdf(zn[0], 0, 0) + normalLogPdf(zn[1], 0, 0);
    });
    expect(joint).toHaveLength(k * b);
    joint.forEach((v, n) => expect(close(v, reference[n], 1e-4, 1e-5), `row ${n}: ${v} vs ${reference[n]}`).toBe(true));
  });
});

const ladder = fc.record({
  xSize: fc.integer({ min: 1, max: 6 }),
  sizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
  hidden: fc.integer({ min: 1, max: 5 }),
  k: fc.integer({ min: 1, max: 3 }),
  b: fc.integer({ min: 1, max: 3 }),
  seed: fc.integer({ min: 0, max: 1000 }),
});

describe('trace shapes of random dense ladders', () => {
  it('property: every stochastic node has logp [K, B], and every latent logq [K, B] (depth 1 to 4, random sizes)', () => {
    fc.assert(
      fc.property(ladder, ({ xSize, sizes, hidden, k, b, seed }) => {
        const m = compiled(denseLadder(xSize, sizes, hidden));
        const store = initParams(m, seed);
        const shapes = tf.tidy(() => {
          const batch = { x: tf.cast(tf.greater(tf.randomUniform([b, xSize], 0, 1, 'float32', seed), 0.5), 'float32') };
          return trace(m, store, batch, { k, seed }).terms.map((t) => ({ name: t.name, logp: t.logp.shape, logq: t.logq?.shape }));
        });
        disposeParams(store);
        const names = shapes.map((s) => s.name).sort();
        return (
          JSON.stringify(names) === JSON.stringify(['x', ...sizes.map((_, i) => `z${i + 1}`)].sort()) &&
          shapes.every((s) => s.logp[0] === k && s.logp[1] === b && s.logp.length === 2) &&
          shapes.filter((s) => s.name !== 'x').every((s) => s.logq !== undefined && s.logq[0] === k && s.logq[1] === b && s.logq.length === 2)
        );
      }),
      { numRuns: 25 },
    );
  });

  it('property: after the optimizer has made its slots, an adam step minimizing -elbo leaves tf.memory().numTensors unchanged', () => {
    fc.assert(
      fc.property(ladder, ({ xSize, sizes, hidden, k, b, seed }) => {
        const m = compiled(denseLadder(xSize, sizes, hidden));
        const store = initParams(m, seed);
        const x = tf.cast(tf.greater(tf.randomUniform([b, xSize], 0, 1, 'float32', seed), 0.5), 'float32');
        const optimizer = tf.train.adam(1e-3);
        const step = (s: number): void => {
          optimizer.minimize(() => tf.neg(elbo(trace(m, store, { x }, { k, seed: s, training: true }))), false, [...store.values()]);
        };
        step(1);
        const before = tf.memory().numTensors;
        step(2);
        const after = tf.memory().numTensors;
        optimizer.dispose();
        x.dispose();
        disposeParams(store);
        return after === before;
      }),
      { numRuns: 15 },
    );
  });
});

describe('training through every family', () => {
  it('an adam step on a model with a discretized logistic image (resnet), an lstm token sequence and a label gives finite gradients and leaks no tensor', () => {
    const m = compiled(
      model()
        .observed('img', discretizedLogistic([4, 4, 1], 2))
        .observed('tokens', categorical(5, [3], { padId: 0 }))
        .label('y', categorical(2))
        .latent('z', normal([3]))
        .p('z', prior)
        .p('y', prior)
        .p('img', ['z', 'y'], resnet({ filters: 2, layers: 2, inputMap: [2, 2, 1], upsample: 2 }))
        .p('tokens', ['z'], lstm({ embed: 2, hidden: 3 }))
        .q('y', ['img'], resnet({ filters: 2, layers: 1, stride: 2 }))
        .q('z', ['img', 'y'], mlp([4])).spec,
    );
    const store = initParams(m, 1);
    const batch = {
      img: tf.tensor4d([0, 255, 17, 128, 3, 250, 90, 91, 0, 0, 255, 255, 1, 2, 254, 100], [1, 4, 4, 1]).tile([2, 1, 1, 1]),
      tokens: tf.tensor2d([
        [2, 4, 0],
        [1, 3, 3],
      ]),
      y: tf.tensor1d([0, 1]),
    };
    const optimizer = tf.train.adam(1e-3);
    const loss = (): tf.Scalar => tf.neg(elbo(trace(m, store, batch, { k: 2, seed: 4, training: true })));

    optimizer.minimize(loss, false, [...store.values()]);
    const before = tf.memory().numTensors;
    const gradients = tf.tidy(() => Object.values(tf.variableGrads(loss, [...store.values()]).grads).flatMap((g) => Array.from(g.dataSync())));
    optimizer.minimize(loss, false, [...store.values()]);
    const after = tf.memory().numTensors;
    optimizer.dispose();
    tf.dispose(Object.values(batch));
    disposeParams(store);

    expect(gradients.length).toBeGreaterThan(0);
    expect(gradients.every(Number.isFinite)).toBe(true);
    expect(after).toBe(before);
  });
});

describe('trace at any depth (issue 14.5)', () => {
  it('a chain of 3,000 deterministic nodes declared children-first traces without recursion (it overflowed the stack)', () => {
    const n = 3000;
    const base = model().observed('x', bernoulli([2])).latent('z', normal([1])).p('z', prior).p('x', ['z'], mlp([1])).spec;
    const chain = Array.from({ length: n }, (_, j) => n - 1 - j).map((i) => ({ name: `d${i}`, role: 'deterministic' as const, parents: [i === 0 ? 'x' : `d${i - 1}`], net: mlp([1]) }));
    const deep = compiled({ nodes: [...chain, ...base.nodes], p: base.p, q: [{ node: 'z', conditional: { kind: 'net', parents: [`d${n - 1}`], net: mlp([1]) } }] });
    const top = model().observed('x', bernoulli([2])).latent('z', normal([1])).p('z', prior).q('z', ['x'], mlp([1])).spec;
    const topChain = chain.map((d) => (d.name === 'd0' ? { ...d, parents: ['z'] } : d));
    const resampled = compiled({ nodes: [...topChain, ...top.nodes], p: [...top.p, { node: 'x', conditional: { kind: 'net', parents: [`d${n - 1}`], net: mlp([1]) } }], q: top.q });

    const cases: [typeof deep, Set<string>][] = [[deep, new Set()], [resampled, new Set(['z'])]];
    const values = cases.map(([m, resample]) => {
      const params = initParams(m, 1);
      const v = tf.tidy(() => elbo(trace(m, params, { x: tf.tensor2d([[0, 1], [1, 1]]) }, { seed: 3, resample })).dataSync()[0]);
      disposeParams(params);
      return v;
    });

    expect(values.every(Number.isFinite)).toBe(true);
  });
});
