/**
 * Random model specs as JSON (before decoding), and the law every one must
 * keep: decoding and validation never throw, and every spec `validate`
 * accepts builds its parameters and traces a batch of two rows. Shared by
 * the property test (test/dsl/runnable.test.ts) and `npm run fuzz:specs`.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { decodeSpec } from '../../src/dsl/codec.js';
import type { Distribution } from '../../src/dsl/distributions/distribution.js';
import type { Model } from '../../src/dsl/model.js';
import { disposeParams, initParams } from '../../src/dsl/params.js';
import { validate } from '../../src/dsl/validate.js';
import { trace, type Batch } from '../../src/inference/trace.js';

const small = (max: number) => fc.integer({ min: 1, max });
const shape = fc.oneof(
  { weight: 2, arbitrary: fc.constant([] as number[]) },
  { weight: 4, arbitrary: fc.tuple(small(5)) },
  { weight: 2, arbitrary: fc.tuple(small(4), small(4), small(2)) },
  { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 }) },
);
const dist = fc.oneof(
  fc.record({ family: fc.constant('normal'), shape, scale: fc.constantFrom('softplus', 'exp') }),
  fc.record({ family: fc.constant('bernoulli'), shape }),
  fc.record({ family: fc.constant('categorical'), shape, classes: fc.oneof({ weight: 1, arbitrary: fc.constant(1) }, { weight: 8, arbitrary: fc.integer({ min: 2, max: 6 }) }), padId: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }) }, { requiredKeys: ['family', 'shape', 'classes'] }),
  fc.record({ family: fc.constant('discretizedLogistic'), shape: fc.tuple(small(4), small(4), small(3)), mixtures: small(3) }),
);
const activation = fc.constantFrom('relu', 'elu', 'tanh', 'softplus', 'swish', 'linear');
const hidden = fc.array(small(6), { maxLength: 2 });
const net = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('mlp'), hidden, activation, dropout: fc.constantFrom(0, 0.5), weightNorm: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record(
    { kind: fc.constant('resnet'), filters: small(4), layers: small(3), kernel: small(4), stride: small(3), upsample: small(2), activation, dropout: fc.constantFrom(0, 0.3), inputMap: fc.option(fc.tuple(small(3), small(3), small(2)), { nil: undefined }) },
    { requiredKeys: ['kind', 'filters', 'layers', 'kernel', 'stride', 'upsample'] },
  ) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('lstm'), embed: small(4), hidden: small(4), bos: fc.integer({ min: 0, max: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('embedding'), vocabulary: small(8), dim: small(3), hidden }) },
);

/**
 * A random spec (JSON data) over up to five nodes n0..n4 with random roles,
 * families and nets. Half the draws take any edges (mostly cyclic or
 * misdeclared), half are layered: p-parents after the node, q-parents and
 * deterministic parents before it, so that many specs are accepted.
 */
export const specJson: fc.Arbitrary<unknown> = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.boolean()).chain(([count, layered]) => {
  const names = Array.from({ length: count }, (_, i) => `n${i}`);
  const parents = (from: readonly string[]) => fc.subarray([...from], { minLength: layered ? Math.min(1, from.length) : 0, maxLength: Math.min(3, from.length) });
  const pParents = (i: number) => parents(layered ? names.slice(i + 1) : names);
  const qParents = (i: number) => parents(layered ? names.slice(0, i) : names);
  const conditional = (ps: fc.Arbitrary<string[]>, none: boolean) =>
    fc.oneof(
      { weight: none ? 20 : 1, arbitrary: fc.constant({ kind: 'prior' } as Record<string, unknown>) },
      { weight: 4, arbitrary: fc.record({ kind: fc.constant('net'), parents: ps, net: fc.option(net, { nil: undefined }) }, { requiredKeys: ['kind', 'parents'] }) },
    );
  const node = (name: string, i: number) =>
    fc.oneof(
      { weight: layered && i === 0 ? 30 : 3, arbitrary: fc.record({ name: fc.constant(name), role: fc.constant('observed'), dist }) },
      { weight: 4, arbitrary: fc.record({ name: fc.constant(name), role: fc.constant('latent'), dist, layer: fc.integer({ min: 1, max: 3 }) }) },
      { weight: 1, arbitrary: fc.record({ name: fc.constant(name), role: fc.constant('label'), dist: fc.record({ family: fc.constant('categorical'), classes: small(4), shape: fc.constantFrom([], [2]) }) }) },
      { weight: layered && i === 0 ? 0 : 2, arbitrary: fc.record({ name: fc.constant(name), role: fc.constant('deterministic'), parents: qParents(i), net }) },
    );
  const rare = fc.integer({ min: 0, max: 29 }).map((v) => v === 0);
  return fc
    .tuple(
      fc.tuple(...names.map(node)),
      fc.tuple(...names.map(() => rare)),
      fc.tuple(...names.map((_, i) => conditional(pParents(i), layered && i === count - 1))),
      fc.tuple(...names.map((_, i) => conditional(qParents(i), layered && i === 0))),
    )
    .map(([nodes, extra, ps, qs]) => {
      const p = nodes.flatMap((n, i) => (n.role === 'deterministic' && !extra[i] ? [] : [{ node: n.name, conditional: ps[i] }]));
      const q = nodes.flatMap((n, i) => (n.role === 'latent' || n.role === 'label' || extra[i] ? [{ node: n.name, conditional: qs[i] }] : []));
      return { nodes, p, q };
    });
});

/** Two rows of values inside the support of `d`, [2, ...shape]. */
const rowsIn = (d: Distribution, seed: number): tf.Tensor => {
  const s = [2, ...d.shape];
  switch (d.family) {
    case 'normal':
      return tf.randomNormal(s, 0, 1, 'float32', seed);
    case 'bernoulli':
      return tf.round(tf.randomUniform(s, 0, 1, 'float32', seed));
    case 'categorical':
      return tf.floor(tf.randomUniform(s, 0, d.classes - 1e-3, 'float32', seed));
    case 'discretizedLogistic':
      return tf.floor(tf.randomUniform(s, 0, 255.999, 'float32', seed));
  }
};

/** Builds a model's parameters and traces two rows of in-support data, reading every term; throws what they throw. */
export const traceTwoRows = (model: Model, seed = 1): void => {
  const params = initParams(model, seed);
  try {
    tf.tidy(() => {
      const batch: Batch = Object.fromEntries([...model.observed, ...model.labels].map((n, i) => [n, rowsIn(model.nodes.get(n)!.dist!, seed + i)]));
      for (const k of [1, 2]) {
        const t = trace(model, params, batch, { k, seed, training: k === 2 });
        for (const term of t.terms) for (const field of ['logp', 'logq', 'klElements', 'mcKlElements'] as const) void term[field];
      }
    });
  } finally {
    disposeParams(params);
  }
};

/** What became of one random spec. */
export type FuzzOutcome = 'decode-left' | 'validate-left' | 'traced' | { readonly stage: 'decode' | 'validate' | 'trace'; readonly error: string };

/** Runs one spec through decode, validate and (when accepted) a two-row trace, catching what throws. */
export const fuzzOne = (json: unknown): FuzzOutcome => {
  let stage: 'decode' | 'validate' | 'trace' = 'decode';
  try {
    const spec = decodeSpec(json);
    if (E.isLeft(spec)) return 'decode-left';
    stage = 'validate';
    const model = validate(spec.right);
    if (E.isLeft(model)) return 'validate-left';
    stage = 'trace';
    traceTwoRows(model.right);
    return 'traced';
  } catch (e) {
    return { stage, error: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
};
