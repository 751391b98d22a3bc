/**
 * io-ts combinators for strict JSON decoding with readable errors: leaves
 * named after what they expect, objects that reject unknown fields, unions
 * told apart by a tag, and defaults filled after decoding. Every codec also
 * carries the JSON Schema (draft-07) of what it accepts, built by the same
 * combinators, so the documented format cannot drift from the decoder.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

/** A JSON Schema (draft-07) fragment. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** A codec whose decoded and encoded forms are the same plain data, with the JSON Schema of what it accepts. */
export type Codec<A> = t.Type<A, A, unknown> & { readonly schema: JsonSchema };

/** `type` with its JSON Schema attached. */
export const withSchema = <A>(type: t.Type<A, A, unknown>, schema: JsonSchema): Codec<A> => Object.assign(type, { schema });

/**
 * The JSON Schema of any io-ts type: the one a combinator attached, else only
 * a description (a plain io-ts type, e.g. in the checkpoint manifest, whose
 * schema nobody publishes).
 */
export const schemaOf = (type: t.Decoder<unknown, unknown>): JsonSchema => (type as Partial<Codec<unknown>>).schema ?? { description: type.name };

/** True when `o` has its own property `k` (not an inherited one). */
const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** True for a plain JSON object (not null, not an array). */
const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

/** The own field `k` of `o`, or undefined. */
const fieldOf = (o: Record<string, unknown>, k: string): unknown => (hasOwn(o, k) ? o[k] : undefined);

/** A leaf codec named after what it expects ("a positive integer"), checked by a guard that `schema` states. */
export const leaf = <A>(name: string, is: (u: unknown) => u is A, schema: JsonSchema = {}): Codec<A> =>
  withSchema(new t.Type<A, A, unknown>(name, is, (u, c) => (is(u) ? t.success(u) : t.failure(u, c)), t.identity), { description: name, ...schema });

/** True for an integer > 0. */
export const isPositiveInt = (u: unknown): u is number => typeof u === 'number' && Number.isInteger(u) && u > 0;

/** An integer > 0. */
export const positiveInt = leaf('a positive integer', isPositiveInt, { type: 'integer', minimum: 1 });
/** An integer >= 0. */
export const nonNegativeInt = leaf('a non-negative integer', (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 0, {
  type: 'integer',
  minimum: 0,
});
/** A rate in [0, 1) (dropout). */
export const rate = leaf('a rate in [0, 1)', (u): u is number => typeof u === 'number' && u >= 0 && u < 1, { type: 'number', minimum: 0, exclusiveMaximum: 1 });
/** A boolean. */
export const flag = leaf('a boolean', (u): u is boolean => typeof u === 'boolean', { type: 'boolean' });
/** One of the given strings. */
export const oneOf = <L extends string>(values: readonly L[]): Codec<L> =>
  leaf(
    values.map((v) => `'${v}'`).join(' or '),
    (u): u is L => typeof u === 'string' && (values as readonly string[]).includes(u),
    values.length === 1 ? { const: values[0] } : { enum: [...values] },
  );

/** A read-only array of `item`, named for error messages. */
export const array = <A>(item: t.Type<A, A, unknown>, name: string): Codec<readonly A[]> =>
  withSchema(t.readonlyArray(item, name) as unknown as t.Type<readonly A[], readonly A[], unknown>, { description: name, type: 'array', items: schemaOf(item) });


/** The field codecs of a JSON object. */
export type Fields = Record<string, t.Mixed>;
/** The decoded object of `required` fields R and optional fields O. */
export type Decoded<R extends Fields, O extends Fields> = { [K in keyof R]: t.TypeOf<R[K]> } & { [K in keyof O]?: t.TypeOf<O[K]> };

/**
 * A JSON object with `required` and `optional` fields; any other field is an
 * error ("unknown field"), so a typo does not pass silently. Encoding drops
 * undefined fields.
 */
export const record = <R extends Fields, O extends Fields>(name: string, required: R, optional: O): Codec<Decoded<R, O>> => {
  const validate = (u: unknown, c: t.Context): t.Validation<Decoded<R, O>> => {
    if (!isObject(u)) return t.failure(u, c);
    const errors: t.ValidationError[] = [];
    const out: Record<string, unknown> = {};
    const field = (k: string, codec: t.Mixed): void => {
      const v = fieldOf(u, k);
      const r = codec.validate(v, t.appendContext(c, k, codec, v));
      if (E.isLeft(r)) errors.push(...r.left);
      else out[k] = r.right;
    };
    for (const k of Object.keys(required)) field(k, required[k]);
    for (const k of Object.keys(optional)) if (fieldOf(u, k) !== undefined) field(k, optional[k]);
    for (const k of Object.keys(u)) {
      if (!hasOwn(required, k) && !hasOwn(optional, k)) {
        errors.push({ value: u[k], context: t.appendContext(c, k, t.unknown, u[k]), message: 'unknown field' });
      }
    }
    return errors.length > 0 ? t.failures(errors) : t.success(out as Decoded<R, O>);
  };
  const encode = (a: Decoded<R, O>): Decoded<R, O> => {
    const out: Record<string, unknown> = {};
    const source = a as Record<string, unknown>;
    for (const [k, codec] of [...Object.entries(required), ...Object.entries(optional)]) {
      if (source[k] !== undefined) out[k] = codec.encode(source[k]);
    }
    return out as Decoded<R, O>;
  };
  const properties = Object.fromEntries([...Object.entries(required), ...Object.entries(optional)].map(([k, codec]) => [k, schemaOf(codec)]));
  return withSchema(new t.Type<Decoded<R, O>, Decoded<R, O>, unknown>(name, (u): u is Decoded<R, O> => E.isRight(validate(u, [])), validate, encode), {
    description: name,
    type: 'object',
    properties,
    required: Object.keys(required),
    additionalProperties: false,
  });
};

/**
 * Maps a decoded value through `f`, which fills defaults with a builder
 * helper: `B` is `A` with its optional fields set, so `inner` encodes it.
 */
export const mapped = <A, B>(inner: t.Type<A, A, unknown>, f: (a: A) => B): Codec<B> =>
  withSchema(new t.Type<B, B, unknown>(
    inner.name,
    (u): u is B => inner.is(u),
    (u, c) => {
      const r = inner.validate(u, c);
      return E.isLeft(r) ? r : t.success(f(r.right));
    },
    (b) => inner.encode(b as unknown as A) as unknown as B,
  ), schemaOf(inner));

/**
 * A union of objects told apart by the string field `tag`: the tag picks the
 * member, so an error reports that member's fields, not every alternative.
 */
export const tagged = <A extends Record<T, string>, T extends string>(name: string, tag: T, members: Record<A[T], t.Mixed>): Codec<A> => {
  const tagCodec = oneOf(Object.keys(members));
  const memberOf = (u: unknown): t.Mixed | undefined => {
    if (!isObject(u)) return undefined;
    const v = fieldOf(u, tag);
    return typeof v === 'string' && hasOwn(members, v) ? (members as Record<string, t.Mixed>)[v] : undefined;
  };
  return withSchema(new t.Type<A, A, unknown>(
    name,
    (u): u is A => memberOf(u)?.is(u) ?? false,
    (u, c) => {
      if (!isObject(u)) return t.failure(u, c);
      const member = memberOf(u);
      if (member === undefined) return t.failure(fieldOf(u, tag), t.appendContext(c, tag, tagCodec, fieldOf(u, tag)));
      return member.validate(u, c) as t.Validation<A>;
    },
    (a) => {
      const member = memberOf(a);
      return member === undefined ? a : (member.encode(a) as A);
    },
  ), { description: name, oneOf: Object.values<t.Mixed>(members).map(schemaOf) });
};

/** Exactly the string `value`. */
export const literal = <L extends string>(value: L): Codec<L> => oneOf([value]);

/** An event shape: an array of positive integers. */
export const shapeCodec: Codec<readonly number[]> = array(positiveInt, 'a shape (an array of positive integers)');

/** An image or feature-map shape [h, w, c] of positive integers. */
export const imageShapeCodec: Codec<readonly number[]> = withSchema(
  new t.Type<readonly number[], readonly number[], unknown>(
    'an image shape [h, w, c] of positive integers',
    (u): u is readonly number[] => Array.isArray(u) && u.length === 3 && u.every(isPositiveInt),
    (u, c) => {
      const r = shapeCodec.validate(u, c);
      return E.isLeft(r) || r.right.length === 3 ? r : t.failure(u, c);
    },
    t.identity,
  ),
  { description: 'an image shape [h, w, c] of positive integers', type: 'array', items: positiveInt.schema, minItems: 3, maxItems: 3 },
);
