import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it, vi } from 'vitest';
import { decodeSpec } from '../../../src/dsl/codec.js';
import { families } from '../../../src/dsl/distributions/families.js';
import { familyTable } from '../../../src/dsl/distributions/family-table.js';
import type { Family } from '../../../src/dsl/distributions/family.js';
import { normalFamily } from '../../../src/dsl/distributions/normal.js';
import { disposeParams, initParams } from '../../../src/dsl/params.js';
import type { Shape } from '../../../src/dsl/shape.js';
import { validate } from '../../../src/dsl/validate.js';
import { trace } from '../../../src/inference/trace.js';

/** The toy family's spec: independent Laplace variables over a vector [d]. */
interface LaplaceSpec {
  readonly family: 'laplace';
  readonly shape: Shape;
}

/**
 * A toy family, one descriptor: Laplace(mu, b) with raw parameters [N, 2d],
 * [location | log b]; log p(x) = -|x - mu| / b - log 2b; fixed prior
 * Laplace(0, 1); only vectors [d]. Defined before the imports run, so that
 * the mocked table below can hold it.
 */
const { laplaceFamily } = await vi.hoisted(async () => {
  const tfjs = await import('@tensorflow/tfjs');
  const { literal, mapped, record, shapeCodec } = await import('../../../src/dsl/codec-combinators.js');
  const bound = (loc: tf.Tensor, logB: tf.Tensor) => ({
    logProbElements: (x: tf.Tensor) => tfjs.sub(tfjs.neg(tfjs.mul(tfjs.abs(tfjs.sub(x, loc)), tfjs.exp(tfjs.neg(logB)))), tfjs.add(logB, Math.log(2))),
    sample: (seed: number) => {
      const u = tfjs.randomUniform(loc.shape, -0.4999, 0.4999, 'float32', seed);
      return tfjs.sub(loc, tfjs.mul(tfjs.mul(tfjs.exp(logB), tfjs.sign(u)), tfjs.log1p(tfjs.mul(tfjs.abs(u), -2))));
    },
    mean: () => loc,
  });
  const family: Family<LaplaceSpec> = {
    family: 'laplace',
    codec: mapped(record('a laplace distribution', { family: literal('laplace'), shape: shapeCodec }, {}), (d): LaplaceSpec => ({ family: 'laplace', shape: d.shape })),
    paramShape: (spec) => [2 * spec.shape[0]],
    bind: (spec, raw) => {
      const [loc, logB] = tfjs.split(raw, 2, -1);
      return bound(loc, logB);
    },
    fixedPrior: (spec, n) => bound(tfjs.zeros([n, ...spec.shape]), tfjs.zeros([n, ...spec.shape])),
    describeSupport: () => 'finite numbers',
    inSupport: () => Number.isFinite,
    problems: (spec) => (spec.shape.length === 1 ? [] : [{ kind: 'shape', detail: `a Laplace needs a vector shape [d], got [${spec.shape.join(', ')}]` }]),
  };
  return { laplaceFamily: family };
});

// strata's table with the toy's one line added: what a new family's entry in families.ts does.
vi.mock('../../../src/dsl/distributions/families.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/dsl/distributions/families.js')>();
  const { familyTable: build } = await import('../../../src/dsl/distributions/family-table.js');
  const all = [...original.families, laplaceFamily] as const;
  return { ...original, families: all, table: build(all) };
});

/** A one-latent model over 4 binary pixels with a Laplace latent z [2], as JSON. */
const laplaceModel = (zShape: number[]): unknown => ({
  nodes: [
    { name: 'x', role: 'observed', dist: { family: 'bernoulli', shape: [4] } },
    { name: 'z', role: 'latent', dist: { family: 'laplace', shape: zShape } },
  ],
  p: [
    { node: 'z', conditional: { kind: 'prior' } },
    { node: 'x', conditional: { kind: 'net', parents: ['z'], net: { kind: 'mlp', hidden: [8] } } },
  ],
  q: [{ node: 'z', conditional: { kind: 'net', parents: ['x'], net: { kind: 'mlp', hidden: [8] } } }],
});

describe('familyTable over a given table', () => {
  it('dispatches the codec, parameter shape and log-density to the toy family', () => {
    const table = familyTable([normalFamily, laplaceFamily] as const);

    const decoded = table.codec.decode({ family: 'laplace', shape: [2] });
    const spec = { family: 'laplace', shape: [2] } as const;
    const lp = tf.tidy(() => Array.from(table.logProb(spec, tf.tensor2d([[0.5, -1, 0, Math.log(2)]]), tf.tensor2d([[1.5, -1]])).dataSync()));

    expect(E.isRight(decoded) && decoded.right).toEqual({ family: 'laplace', shape: [2] });
    expect(table.paramShape(spec)).toEqual([4]);
    expect(lp[0]).toBeCloseTo(-1 - Math.log(2) - Math.log(4), 5);
    expect(table.codec.schema.oneOf).toHaveLength(2);
  });

  it("reports the family's own rule with its kind, and an unknown family as kind params", () => {
    const table = familyTable([laplaceFamily] as const);

    const own = table.problems({ family: 'laplace', shape: [2, 2] });
    const unknown = table.problems({ family: 'gamma', shape: [2] } as unknown as LaplaceSpec);

    expect(own.map((p) => p.kind)).toEqual(['shape']);
    expect(unknown.map((p) => p.kind)).toEqual(['params']);
  });

  it('refuses two families with the same tag', () => {
    const twice = () => familyTable([laplaceFamily, laplaceFamily] as const);

    expect(twice).toThrow(/two families are tagged 'laplace'/);
  });
});

describe('a family added to the table plugs into decode -> validate -> trace', () => {
  it('the table holds the toy after the four built-in families', () => {
    const tags = families.map((f) => f.family);

    expect(tags).toEqual(['normal', 'bernoulli', 'categorical', 'discretizedLogistic', 'laplace']);
  });

  it('traces a one-latent model whose latent is the toy family; log p(z) is the Laplace(0, 1) density at the q-world z', () => {
    const spec = decodeSpec(laplaceModel([2]));
    const model = E.isRight(spec) ? validate(spec.right) : E.left([]);
    if (E.isLeft(model)) throw new Error(`not valid: ${JSON.stringify(model.left)}`);
    const store = initParams(model.right, 5);
    const before = tf.memory().numTensors;

    const { logpz, z } = tf.tidy(() => {
      const t = trace(model.right, store, { x: tf.tensor2d([[0, 1, 1, 0], [1, 1, 0, 0], [0, 0, 0, 1]]) }, { k: 2, seed: 9 });
      const term = t.terms.find((n) => n.name === 'z')!;
      return { logpz: Array.from(term.logp.dataSync()), z: t.q.get('z')!.t.arraySync() as number[][] };
    });
    disposeParams(store);

    expect(z).toHaveLength(6);
    logpz.forEach((v, n) => expect(v).toBeCloseTo(-Math.abs(z[n][0]) - Math.abs(z[n][1]) - 2 * Math.log(2), 4));
    expect(tf.memory().numTensors).toBe(before - store.size);
  });

  it("validate reports the toy family's rule for a decoded spec, with its kind", () => {
    const spec = decodeSpec(laplaceModel([2, 2]));

    const result = E.isRight(spec) ? validate(spec.right) : E.left([]);

    expect(E.isLeft(result) && result.left.map((e) => [e.kind, e.node])).toEqual([['shape', 'z']]);
  });
});
