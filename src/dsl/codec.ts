import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import {
  type CategoricalSpec,
  type Distribution,
} from './distributions/distribution.js';
import { embedding, lstm, lstmEncoder, mlp, resnet, type Activation, type NetSpec } from './nets/net.js';
import type { Shape } from './shape.js';
import type { Conditional, ConditionalDecl, ModelSpec, NodeDecl } from './spec.js';
import { array, flag, imageShapeCodec, leaf, literal, mapped, nonNegativeInt, oneOf, positiveInt, rate, record, tagged, type Codec, type JsonSchema } from './codec-combinators.js';
import { categoricalFamily } from './distributions/categorical.js';
import { table } from './distributions/families.js';

const nodeName = leaf('a non-empty node name', (u): u is string => typeof u === 'string' && u.length > 0, { type: 'string', minLength: 1 });
const imageShape: Codec<Shape> = imageShapeCodec;
const activation: Codec<Activation> = oneOf<Activation>(['relu', 'elu', 'tanh', 'softplus', 'swish', 'linear']);

const categoricalCodec: Codec<CategoricalSpec> = categoricalFamily.codec;

/**
 * The distribution families as JSON, discriminated by `family`; optional
 * fields get the builder's defaults. Derived from the table of families
 * (distributions/families.ts): each family's descriptor holds its codec.
 */
export const distributionCodec: Codec<Distribution> = table.codec;

/** The net kinds as JSON, discriminated by `kind`; optional fields get the defaults of `mlp`, `resnet`, `lstm`, `embedding` and `lstmEncoder`. */
export const netCodec: Codec<NetSpec> = tagged<NetSpec, 'kind'>('a net', 'kind', {
  mlp: mapped(
    record('an mlp', { kind: literal('mlp'), hidden: array(positiveInt, 'layer sizes (an array of positive integers)') }, {
      activation,
      dropout: rate,
      weightNorm: flag,
    }),
    (n) => mlp(n.hidden, { activation: n.activation, dropout: n.dropout, weightNorm: n.weightNorm }),
  ),
  resnet: mapped(
    record('a resnet block', { kind: literal('resnet') }, {
      filters: positiveInt,
      layers: positiveInt,
      kernel: positiveInt,
      stride: positiveInt,
      upsample: positiveInt,
      activation,
      dropout: rate,
      inputMap: imageShape,
    }),
    (n) => resnet({ ...n }),
  ),
  lstm: mapped(
    record('an lstm decoder', { kind: literal('lstm') }, { embed: positiveInt, hidden: positiveInt, bos: nonNegativeInt }),
    (n) => lstm({ ...n }),
  ),
  embedding: mapped(
    record('a token embedding', { kind: literal('embedding'), vocabulary: positiveInt, dim: positiveInt }, {
      hidden: array(positiveInt, 'layer sizes (an array of positive integers)'),
    }),
    (n) => embedding(n.vocabulary, n.dim, n.hidden),
  ),
  lstmEncoder: mapped(
    record('an lstm encoder', { kind: literal('lstmEncoder'), vocabulary: positiveInt }, { embed: positiveInt, hidden: positiveInt, pad: nonNegativeInt }),
    (n) => lstmEncoder(n.vocabulary, { ...n }),
  ),
});

const parents = array(nodeName, 'parent names (an array of node names)');

/** A declared node as JSON, discriminated by `role`; a latent's layer defaults to 1. */
export const nodeCodec: Codec<NodeDecl> = tagged<NodeDecl, 'role'>('a node', 'role', {
  observed: record('an observed node', { name: nodeName, role: literal('observed'), dist: distributionCodec }, {}),
  latent: mapped(
    record('a latent node', { name: nodeName, role: literal('latent'), dist: distributionCodec }, { layer: positiveInt }),
    (n): NodeDecl => ({ ...n, layer: n.layer ?? 1 }),
  ),
  label: record('a label node', { name: nodeName, role: literal('label'), dist: categoricalCodec }, {}),
  deterministic: record('a deterministic node', { name: nodeName, role: literal('deterministic'), parents, net: netCodec }, {}),
});

/** A conditional as JSON: `{kind: 'net', parents, net?}` (a linear head without `net`) or `{kind: 'prior'}`. */
export const conditionalCodec: Codec<Conditional> = tagged<Conditional, 'kind'>('a conditional', 'kind', {
  net: record('a net conditional', { kind: literal('net'), parents }, { net: netCodec }),
  prior: record('the fixed prior', { kind: literal('prior') }, {}),
});

const conditionalDeclCodec: Codec<ConditionalDecl> = record('a conditional declaration', { node: nodeName, conditional: conditionalCodec }, {});

/** The whole model spec as JSON: `{nodes, p, q}`. */
export const modelSpecCodec: Codec<ModelSpec> = record(
  'a model spec',
  {
    nodes: array(nodeCodec, 'an array of nodes'),
    p: array(conditionalDeclCodec, 'an array of p-conditionals'),
    q: array(conditionalDeclCodec, 'an array of q-conditionals'),
  },
  {},
);

/** A short, never-throwing rendering of any value for an error message. */
const show = (u: unknown): string => {
  if (u === undefined) return 'nothing';
  if (u === null) return 'null';
  if (typeof u === 'string') return JSON.stringify(u.length > 40 ? `${u.slice(0, 40)}...` : u);
  if (typeof u === 'number' || typeof u === 'boolean') return String(u);
  if (Array.isArray(u)) return `an array of ${u.length}`;
  if (typeof u === 'object') return 'an object';
  return `a ${typeof u}`;
};

/** A path key as written: plain keys as they are, others (spaces, dots, empty) as JSON strings. */
const showKey = (key: string): string => (/^[\w$-]+$/.test(key) ? key : JSON.stringify(key));

/** The JSON path of an error, e.g. `nodes.2.dist.shape.0` (`(root)` for the whole document). */
const pathOf = (context: t.Context): string => {
  const keys = context.slice(1).map((entry) => showKey(entry.key));
  return keys.length === 0 ? '(root)' : keys.join('.');
};

/**
 * The expected shape of an object or tagged-union schema in one line, e.g.
 * `{kind: 'net', parents, net?} or {kind: 'prior'}`; undefined for leaves.
 */
export const shapeOf = (schema: JsonSchema): string | undefined => {
  if (Array.isArray(schema.oneOf)) return (schema.oneOf as JsonSchema[]).map((m) => shapeOf(m) ?? String(m.description)).join(' or ');
  if (schema.type !== 'object') return undefined;
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(schema.required as string[]);
  const fields = Object.entries(properties).map(([k, v]) => (v.const !== undefined ? `${k}: '${String(v.const)}'` : required.has(k) ? k : `${k}?`));
  return `{${fields.join(', ')}}`;
};

/** What a type expects, with its shape for objects and unions (`a conditional {kind: 'prior'} or ...`). */
const expectedOf = (type: t.Decoder<unknown, unknown> | undefined): string => {
  if (type === undefined) return 'a value';
  const schema = (type as Partial<Codec<unknown>>).schema;
  const shape = schema === undefined ? undefined : shapeOf(schema);
  return shape === undefined ? type.name : `${type.name} ${shape}`;
};

/** One error as `path: expected X, got Y` (or the error's own message, e.g. `unknown field`). */
const describe = (e: t.ValidationError): string => {
  const expected = expectedOf(e.context[e.context.length - 1]?.type);
  const detail = e.message ?? (e.value === undefined ? `missing, expected ${expected}` : `expected ${expected}, got ${show(e.value)}`);
  return `${pathOf(e.context)}: ${detail}`;
};

/** Names that conditionals and deterministic nodes read but that no node declares, with their paths. */
const undeclaredNames = (spec: ModelSpec): string[] => {
  const declared = new Set(spec.nodes.map((n) => n.name));
  const problems: string[] = [];
  const check = (path: string, name: string): void => {
    if (!declared.has(name)) problems.push(`${path}: '${name}' is not a declared node`);
  };
  spec.nodes.forEach((n, i) => {
    if (n.role === 'deterministic') n.parents.forEach((parent, j) => check(`nodes.${i}.parents.${j}`, parent));
  });
  for (const world of ['p', 'q'] as const) {
    spec[world].forEach((c, i) => {
      check(`${world}.${i}.node`, c.node);
      if (c.conditional.kind === 'net') c.conditional.parents.forEach((parent, j) => check(`${world}.${i}.conditional.parents.${j}`, parent));
    });
  }
  return problems;
};

/**
 * Reads a model spec from JSON data (e.g. `JSON.parse` of a file). Returns
 * every problem at once, each prefixed with its JSON path, e.g.
 * `nodes.2.dist.shape.0: expected a positive integer, got -3`; names that no
 * node declares are errors too. Optional net and distribution fields take
 * the defaults of the builder helpers. Never throws. Graph and shape checks
 * are `validate`'s job.
 */
export const decodeSpec = (json: unknown): E.Either<string[], ModelSpec> => {
  const decoded = modelSpecCodec.decode(json);
  if (E.isLeft(decoded)) return E.left(decoded.left.map(describe));
  const undeclared = undeclaredNames(decoded.right);
  return undeclared.length > 0 ? E.left(undeclared) : E.right(decoded.right);
};

/** A model spec as plain JSON data (undefined fields dropped), ready for `JSON.stringify`; `decodeSpec` reads it back. */
export const encodeSpec = (spec: ModelSpec): ModelSpec => modelSpecCodec.encode(spec);
