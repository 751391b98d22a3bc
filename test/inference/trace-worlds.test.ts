import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { disposeParams, initParams } from '../../src/dsl/params.js';
import { trace, type Trace } from '../../src/inference/trace.js';
import { compiled, denseLadder } from '../support/models.js';

const m = compiled(denseLadder(4, [3, 2], 5));
const x = (): tf.Tensor => tf.tensor2d([
  [1, 0, 0, 1],
  [0, 1, 1, 1],
]);

/** Runs `f` on a trace of the two-layer ladder and returns its plain-number result. */
const withTrace = <A>(options: { seed: number; k?: number; resample?: ReadonlySet<string> }, f: (t: Trace) => A): A => {
  const store = initParams(m, 4);
  let out: A | undefined;
  tf.tidy(() => {
    out = f(trace(m, store, { x: x() }, options));
  });
  disposeParams(store);
  return out as A;
};

const terms = (t: Trace): Record<string, { logp: number[]; logq?: number[]; analytic?: boolean }> =>
  Object.fromEntries(
    t.terms.map((n) => [n.name, { logp: Array.from(n.logp.dataSync()), ...(n.logq ? { logq: Array.from(n.logq.dataSync()) } : {}), analytic: n.analytic }]),
  );

describe('trace worlds', () => {
  it('the same seed gives the same trace; another seed other samples', () => {
    const a = withTrace({ seed: 1, k: 2 }, terms);
    const b = withTrace({ seed: 1, k: 2 }, terms);
    const c = withTrace({ seed: 2, k: 2 }, terms);

    expect(b).toEqual(a);
    expect(c.z1.logq).not.toEqual(a.z1.logq);
  });

  it('a Normal latent not in S whose p-parents do not depend on it carries an analytic KL [K, B, ...event], elementwise >= 0; one whose p-parent is drawn from q given it (z1: p(z1 | z2), z2 ~ q(z2 | z1)) carries log q - log p', () => {
    const r = withTrace({ seed: 3, k: 2 }, (t) => {
      const z1 = t.terms.find((n) => n.name === 'z1')!;
      const z2 = t.terms.find((n) => n.name === 'z2')!;
      return {
        z2: { analytic: z2.analytic, shape: z2.klElements!.shape, min: tf.min(z2.klElements!).dataSync()[0] },
        z1: { analytic: z1.analytic, gap: tf.max(tf.abs(tf.sub(z1.klElements!, z1.mcKlElements!))).dataSync()[0] },
      };
    });

    expect(r.z2.analytic).toBe(true);
    expect(r.z2.shape).toEqual([2, 2, 2]);
    expect(r.z2.min).toBeGreaterThanOrEqual(0);
    expect(r.z1).toEqual({ analytic: false, gap: 0 });
  });

  it('a latent in S is resampled in the p-world: it has log p but no log q, and its p-world value differs from the q-world one', () => {
    const result = withTrace({ seed: 5, k: 3, resample: new Set(['z1']) }, (t) => {
      const z1 = t.terms.find((n) => n.name === 'z1')!;
      return {
        logq: z1.logq,
        logpShape: z1.logp.shape,
        differs: tf.any(tf.notEqual(t.p.get('z1')!.t, t.q.get('z1')!.t)).dataSync()[0] === 1,
        z2Scored: t.terms.find((n) => n.name === 'z2')!.logq !== undefined,
      };
    });

    expect(result.logq).toBeUndefined();
    expect(result.logpShape).toEqual([3, 2]);
    expect(result.differs).toBe(true);
    expect(result.z2Scored).toBe(true);
  });

  it('with S empty the p-world copies the q-world: it holds no value of its own', () => {
    const pValues = withTrace({ seed: 5, k: 2 }, (t) => t.p.size);

    expect(pValues).toBe(0);
  });

  it('values of the data keep B rows; sampled values have K * B rows', () => {
    const xRows = withTrace({ seed: 6, k: 3 }, (t) => t.q.get('x')!.t.shape[0]);
    const z1Rows = withTrace({ seed: 6, k: 3 }, (t) => t.q.get('z1')!.t.shape[0]);

    expect(xRows).toBe(2);
    expect(z1Rows).toBe(6);
  });
});
