import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { model } from '../../src/dsl/builder.js';
import { decodeSpec, encodeSpec } from '../../src/dsl/codec.js';
import { bernoulli, categorical, discretizedLogistic, normal } from '../../src/dsl/distributions/distribution.js';
import { embedding, lstm, mlp, resnet } from '../../src/dsl/nets/net.js';
import { prior, type ModelSpec } from '../../src/dsl/spec.js';
import { compiled } from '../support/models.js';

/** A valid spec using every family, every net kind, every role and both conditional kinds. */
const rich = (): ModelSpec =>
  model()
    .observed('x', discretizedLogistic([4, 4, 1], 2))
    .observed('t', categorical(5, [3], { padId: 0 }))
    .label('y', categorical(3))
    .latent('z2', normal([2], { scale: 'exp' }), { layer: 2 })
    .latent('z1', normal([3]))
    .deterministic('d', ['z2'], mlp([4], { activation: 'tanh', weightNorm: true }))
    .p('z2', prior)
    .p('y', prior)
    .p('z1', ['d', 'y'])
    .p('x', ['z1', 'd'], resnet({ filters: 2, layers: 2, inputMap: [2, 2, 1], upsample: 2 }))
    .p('t', ['z1'], lstm({ embed: 2, hidden: 3 }))
    .q('y', ['x'], mlp([4]))
    .q('z1', ['x', 'y'], mlp([4], { dropout: 0.25 }))
    .deterministic('e', ['t'], embedding(5, 2, [3]))
    .q('z2', ['z1', 'e'], mlp([4])).spec;

/** The JSON text of a spec read back as untyped data. */
const throughJson = (spec: ModelSpec): unknown => JSON.parse(JSON.stringify(encodeSpec(spec)));

const errorsOf = (json: unknown): string[] => E.match<string[], ModelSpec, string[]>((e) => e, () => [])(decodeSpec(json));

/** Every path (as keys) to a value inside a JSON document, the root excluded. */
const pathsOf = (json: unknown, prefix: string[] = []): string[][] => {
  if (typeof json !== 'object' || json === null) return [];
  return Object.entries(json).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
};

/** A deep copy of `json` with the value at `path` replaced by `value`. */
const replaced = (json: unknown, path: readonly string[], value: unknown): unknown => {
  if (path.length === 0) return value;
  const copy = (Array.isArray(json) ? [...json] : { ...(json as object) }) as Record<string, unknown>;
  copy[path[0]] = replaced(copy[path[0]], path.slice(1), value);
  return copy;
};

/** `(root)`, or dot-joined keys, each plain or a JSON string; then `: ` and the detail. */
const PATH_PREFIX = /^(\(root\)|(?:[\w$-]+|"(?:[^"\\]|\\.)*")(?:\.(?:[\w$-]+|"(?:[^"\\]|\\.)*"))*): \S/;

describe('decodeSpec / encodeSpec', () => {
  it('round-trips a valid spec: encode -> JSON text -> decode gives the same spec, which still validates', () => {
    const spec = rich();

    const decoded = decodeSpec(throughJson(spec));

    expect(decoded).toEqual(E.right(spec));
    expect(compiled(E.getOrElseW(() => spec)(decoded)).latents).toEqual(['z2', 'z1']);
  });

  it('fills omitted optional fields with the builder defaults', () => {
    const json = {
      nodes: [
        { name: 'x', role: 'observed', dist: { family: 'bernoulli', shape: [4] } },
        { name: 'z', role: 'latent', dist: { family: 'normal', shape: [2] } },
      ],
      p: [
        { node: 'z', conditional: { kind: 'prior' } },
        { node: 'x', conditional: { kind: 'net', parents: ['z'], net: { kind: 'mlp', hidden: [3] } } },
      ],
      q: [{ node: 'z', conditional: { kind: 'net', parents: ['x'] } }],
    };
    const expected = model().observed('x', bernoulli([4])).latent('z', normal([2])).p('z', prior).p('x', ['z'], mlp([3])).q('z', ['x']).spec;

    expect(decodeSpec(json)).toEqual(E.right(expected));
  });

  it('names the JSON path and the expectation of a bad value: nodes.2.dist.shape.0', () => {
    const json = replaced(throughJson(rich()), ['nodes', '2', 'dist', 'shape', '0'], -3);

    expect(errorsOf(json)).toEqual(['nodes.2.dist.shape.0: expected a positive integer, got -3']);
  });

  it('reports an unknown family, a missing field and an unknown field, each with its path', () => {
    const withFamily = replaced(throughJson(rich()), ['nodes', '0', 'dist', 'family'], 'gamma');
    const withoutHidden = replaced(throughJson(rich()), ['nodes', '5', 'net', 'hidden'], undefined);
    const withTypo = replaced(throughJson(rich()), ['q', '0', 'conditional', 'parnets'], ['x']);

    expect(errorsOf(withFamily)).toEqual([
      `nodes.0.dist.family: expected 'normal' or 'bernoulli' or 'categorical' or 'discretizedLogistic', got "gamma"`,
    ]);
    expect(errorsOf(withoutHidden)).toEqual(['nodes.5.net.hidden: missing, expected layer sizes (an array of positive integers)']);
    expect(errorsOf(withTypo)).toEqual(['q.0.conditional.parnets: unknown field']);
  });

  it('a parent that no node declares is a decode error with its path', () => {
    const json = replaced(throughJson(rich()), ['p', '2', 'conditional', 'parents', '1'], 'nope');

    expect(errorsOf(json)).toEqual(["p.2.conditional.parents.1: 'nope' is not a declared node"]);
  });

  it('property: random JSON-ish garbage never throws and returns Left, every message starting with a path', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (garbage) => {
        const errors = errorsOf(garbage);
        return errors.length > 0 && errors.every((m) => PATH_PREFIX.test(m));
      }),
    );
  });

  it('property: a valid spec with any one value replaced by null decodes to Left with an error at exactly that path', () => {
    const json = throughJson(rich());
    const paths = pathsOf(json);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: paths.length - 1 }), (i) => {
        const errors = errorsOf(replaced(json, paths[i], null));
        return errors.some((m) => m.startsWith(`${paths[i].join('.')}: expected `));
      }),
      { numRuns: 200 },
    );
  });
});
