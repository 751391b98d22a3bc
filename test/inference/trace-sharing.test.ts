import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { model } from '../../src/dsl/builder.js';
import { bernoulli, normal } from '../../src/dsl/distributions/distribution.js';
import { mlp } from '../../src/dsl/nets/net.js';
import { disposeParams, initParams, type ParamStore } from '../../src/dsl/params.js';
import { prior } from '../../src/dsl/spec.js';
import { trace, type Trace } from '../../src/inference/trace.js';
import { compiled } from '../support/models.js';

/** LVAE style over `pixels` pixels: the top-down deterministic node d is read by p(z1 | d) and by q(z1 | x, d). */
const lvae = (pixels = 4) =>
  compiled(
    model()
      .observed('x', bernoulli([pixels]))
      .latent('z2', normal([2]), { layer: 2 })
      .latent('z1', normal([3]))
      .deterministic('d', ['z2'], mlp([16]))
      .p('z2', prior)
      .p('z1', ['d'])
      .p('x', ['z1'], mlp([8]))
      .q('z2', ['x'], mlp([8]))
      .q('z1', ['x', 'd']).spec,
  );

const D_WEIGHT = 'd:d/dense0/w';
const batch = (): { x: tf.Tensor } => ({ x: tf.tensor2d([[1, 0, 1, 1], [0, 0, 1, 0]]) });

/** A store that records the id of every variable looked up, by name. */
const recording = (store: ParamStore): { store: ParamStore; reads: Map<string, number[]> } => {
  const reads = new Map<string, number[]>();
  const wrapped = new Map(store);
  const get = wrapped.get.bind(wrapped);
  wrapped.get = (name: string) => {
    const v = get(name);
    if (v !== undefined) reads.set(name, [...(reads.get(name) ?? []), v.id]);
    return v;
  };
  return { store: wrapped, reads };
};

const termOf = (t: Trace, name: string) => {
  const term = t.terms.find((n) => n.name === name);
  if (term === undefined) throw new Error(`no term for ${name}`);
  return term;
};

describe('weight sharing between the worlds', () => {
  it('the deterministic node has one set of weights in the store, used by both worlds (same variable id on every read)', () => {
    const m = lvae();
    const params = initParams(m, 5);
    const { store, reads } = recording(params);

    tf.tidy(() => {
      trace(m, store, batch(), { k: 2, seed: 3, resample: new Set(['z2']) });
    });
    disposeParams(params);

    expect(m.params.filter((p) => p.name === D_WEIGHT)).toHaveLength(1);
    expect(reads.get(D_WEIGHT)).toHaveLength(2);
    expect(new Set(reads.get(D_WEIGHT))).toEqual(new Set([params.get(D_WEIGHT)?.id]));
  });

  it('its gradient receives contributions from p (log p(z1 | d)) and from q (log q(z1 | x, d)), adding up to the gradient of both', () => {
    const m = lvae();
    const params = initParams(m, 5);
    const shared = params.get(D_WEIGHT)!;
    const gradient = (part: (t: Trace) => tf.Tensor): number[] =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => tf.sum(part(trace(m, params, batch(), { k: 2, seed: 3 }))) as tf.Scalar, [shared]);
        return Array.from(grads[shared.name].dataSync());
      });
    const norm = (g: readonly number[]): number => Math.hypot(...g);

    const fromP = gradient((t) => termOf(t, 'z1').logp);
    const fromQ = gradient((t) => termOf(t, 'z1').logq!);
    const fromBoth = gradient((t) => tf.add(termOf(t, 'z1').logp, termOf(t, 'z1').logq!));
    disposeParams(params);

    expect(norm(fromP)).toBeGreaterThan(1e-6);
    expect(norm(fromQ)).toBeGreaterThan(1e-6);
    fromBoth.forEach((g, i) => expect(g).toBeCloseTo(fromP[i] + fromQ[i], 4));
  });

  it('repeats the data K times once per trace, though its likelihood reads it twice and q(z1 | x, d) once beside a sample', async () => {
    // Arrange: the LVAE above with 5 pixels (no parameter block has 5 columns), K = 5 samples of a batch of 2.
    const m = lvae(5);
    const params = initParams(m, 7);
    const x = tf.tensor2d([[1, 0, 1, 1, 0], [0, 0, 1, 0, 1]]);
    // Act
    const profile = await tf.profile(() => tf.tidy(() => {
      tf.sum(trace(m, params, { x }, { k: 5, seed: 1 }).terms.map((t) => t.logp).reduce((a, b) => tf.add(a, b)));
    }));
    disposeParams(params);
    x.dispose();
    // Assert: expand is a broadcast product of x [1, 2, 5] with ones [5, 1, 1].
    const repeats = profile.kernels.filter((k) => k.name === 'Multiply' && JSON.stringify(k.inputShapes) === '[[1,2,5],[5,1,1]]');
    expect(repeats).toHaveLength(1);
  });
});
