import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decodeSpec, encodeSpec, modelSpecCodec } from '../../src/dsl/codec.js';
import { specJsonSchema } from '../../src/dsl/spec-schema.js';
import { buildZooModel, zooModels } from '../../src/models/index.js';
import { IMAGES, TOKENS } from '../models/zoo.js';

const docs = new URL('../../docs/', import.meta.url);
const ajv = new Ajv({ strict: false, allErrors: true });
const schemaValid = ajv.compile(specJsonSchema());
const codecValid = (json: unknown): boolean => E.isRight(modelSpecCodec.decode(json));

/** Every zoo spec, as the JSON that `encodeSpec` writes. */
const zooJson = zooModels.flatMap((m) =>
  ['tiny', 'paper'].map((preset) => {
    const data = m.data === 'text' ? TOKENS : IMAGES;
    const spec = buildZooModel(m.name, preset, data);
    if (E.isLeft(spec)) throw new Error(spec.left);
    return JSON.parse(JSON.stringify(encodeSpec(spec.right))) as Record<string, unknown>;
  }),
);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The paths of every value inside `json`. */
const paths = (json: Json, at: (string | number)[] = []): (string | number)[][] => {
  const here = [at];
  if (Array.isArray(json)) return [...here, ...json.flatMap((v, i) => paths(v, [...at, i]))];
  if (json !== null && typeof json === 'object') return [...here, ...Object.entries(json).flatMap(([k, v]) => paths(v, [...at, k]))];
  return here;
};

/** A deep copy of `json` with the value at `path` replaced (or removed, for `undefined`). */
const edited = (json: Json, path: (string | number)[], value: Json | undefined): Json => {
  const copy = structuredClone(json);
  if (path.length === 0) return value ?? null;
  let node: Json = copy;
  for (const key of path.slice(0, -1)) node = (node as Record<string | number, Json>)[key];
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete (node as Record<string, Json>)[last];
  } else (node as Record<string | number, Json>)[last] = value;
  return copy;
};

/** A deep copy of `json` with a field `extra` added to the object at `path` (unchanged when that is not an object). */
const withExtraField = (json: Json, path: (string | number)[]): Json => {
  const copy = structuredClone(json);
  let node: Json = copy;
  for (const key of path) node = (node as Record<string | number, Json>)[key];
  if (node !== null && typeof node === 'object' && !Array.isArray(node)) node.extra = 1;
  return copy;
};

const replacement: fc.Arbitrary<Json | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom<Json>(0, -1, 1, 2.5, 1e9, '', 'x', 'normal', 'mlp', 'prior', 'net', 'latent', 'softplus', true, null, [], {}, [1, 2, 3], [0.5], { kind: 'prior' }),
);

describe('specJsonSchema', () => {
  it('is the committed docs/spec.schema.json (regenerate with npm run docs:schema)', () => {
    const committed = readFileSync(new URL('spec.schema.json', docs), 'utf8');

    expect(committed).toBe(`${JSON.stringify(specJsonSchema(), null, 2)}\n`);
  });

  it('accepts every zoo spec as encodeSpec writes it', () => {
    for (const json of zooJson) expect(schemaValid(json), JSON.stringify(schemaValid.errors)).toBe(true);
  });

  it('accepts exactly the documents the decoder accepts (one value of a zoo spec replaced or removed)', () => {
    fc.assert(
      fc.property(fc.nat({ max: zooJson.length - 1 }), fc.nat(), replacement, (which, at, value) => {
        const json = zooJson[which] as Json;
        const all = paths(json);
        const document = edited(json, all[at % all.length], value);

        expect(schemaValid(document)).toBe(codecValid(document));
      }),
      { numRuns: 400 },
    );
  });

  it('refuses an unknown field anywhere, as the decoder does', () => {
    fc.assert(
      fc.property(fc.nat({ max: zooJson.length - 1 }), fc.nat(), (which, at) => {
        const json = zooJson[which] as Json;
        const all = paths(json);
        const document = withExtraField(json, all[at % all.length]);

        expect(schemaValid(document)).toBe(codecValid(document));
      }),
      { numRuns: 200 },
    );
  });

  it('accepts the example of docs/spec-format.md, which decodes', () => {
    const markdown = readFileSync(new URL('spec-format.md', docs), 'utf8');
    const example = JSON.parse(/```json\n([\s\S]*?)```/.exec(markdown)?.[1] ?? 'null');

    expect(schemaValid(example)).toBe(true);
    expect(E.isRight(decodeSpec(example))).toBe(true);
  });
});

describe('decodeSpec errors', () => {
  it('give the expected shape of an object or union, not only its name', () => {
    const errors = decodeSpec({ nodes: [], p: [{ node: 'x', conditional: 3 }], q: [] });

    expect(E.isLeft(errors) && errors.left).toContain("p.0.conditional: expected a conditional {kind: 'net', parents, net?} or {kind: 'prior'}, got 3");
  });
});
