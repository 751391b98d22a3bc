/**
 * The dispatch over a table of distribution families: the JSON codec,
 * parameter shapes, densities, fixed priors, supports and validation rules
 * of any spec, looked up by its `family` tag. strata builds one from its
 * table (`families.ts`); a test builds one from its own.
 */
import type * as tf from '@tensorflow/tfjs';
import type * as t from 'io-ts';
import { tagged, type Codec } from '../codec-combinators.js';
import type { Shape } from '../shape.js';
import { sumEvent } from './event.js';
import type { BoundDensity, Family, FamilyProblem, FamilySpec, SpecOf } from './family.js';

/** What a table of families gives, for specs `S` (the union of the families' specs). */
export interface FamilyTable<S extends FamilySpec> {
  /** The families, in the table's order (the order of the JSON Schema's `oneOf`). */
  readonly families: readonly Family<S>[];
  /** The family of `spec`; throws for a tag no family of the table has. */
  readonly familyOf: (spec: S) => Family<S>;
  /** Any spec of the table as JSON, discriminated by `family`. */
  readonly codec: Codec<S>;
  /** Shape of the raw parameters of one event of `spec`. */
  readonly paramShape: (spec: S) => Shape;
  /** Binds raw parameters [N, ...paramShape(spec)] to `spec`'s family. */
  readonly densityOf: (spec: S, raw: tf.Tensor) => BoundDensity;
  /** log p(x) [N] summed over the event, from raw parameters [N, ...paramShape(spec)]; -inf outside the support. */
  readonly logProb: (spec: S, raw: tf.Tensor, x: tf.Tensor) => tf.Tensor1D;
  /** True when the family of `spec` has a fixed prior. */
  readonly hasFixedPrior: (spec: S) => boolean;
  /** The fixed prior for `n` events; throws for a family without one (validation refuses it first). */
  readonly fixedPriorOf: (spec: S, n: number) => BoundDensity;
  /** The support of `spec` in words. */
  readonly describeSupport: (spec: S) => string;
  /** A predicate true for the values in the support of `spec`. */
  readonly inSupport: (spec: S) => (v: number) => boolean;
  /** The family's own rules (`validate`); an unknown family is one problem of kind `params`. */
  readonly problems: (spec: S) => readonly FamilyProblem[];
  /** Shape checked against the size limits (`spec.shape` for a family the table lacks). */
  readonly limitShape: (spec: S) => Shape;
}

/**
 * Builds the dispatch of a table of family descriptors. Throws when two
 * families share a tag. (`any`: a table holds families of different specs,
 * read back as their union by `SpecOf`.)
 */
export const familyTable = <F extends readonly Family<any>[]>(families: F): FamilyTable<SpecOf<F[number]>> => {
  type S = SpecOf<F[number]>;
  const all = families as unknown as readonly Family<S>[];
  const byTag = new Map<string, Family<S>>();
  for (const f of all) {
    if (byTag.has(f.family)) throw new Error(`familyTable: two families are tagged '${f.family}'`);
    byTag.set(f.family, f);
  }
  const familyOf = (spec: S): Family<S> => {
    const f = byTag.get(spec.family);
    if (f === undefined) throw new Error(`unknown distribution family '${String(spec.family)}'`);
    return f;
  };
  const members = Object.fromEntries(all.map((f) => [f.family, f.codec])) as unknown as Record<S['family'], t.Mixed>;
  return {
    families: all,
    familyOf,
    codec: tagged<S, 'family'>('a distribution', 'family', members),
    paramShape: (spec) => familyOf(spec).paramShape(spec),
    densityOf: (spec, raw) => familyOf(spec).bind(spec, raw),
    logProb: (spec, raw, x) => sumEvent(familyOf(spec).bind(spec, raw).logProbElements(x)),
    hasFixedPrior: (spec) => familyOf(spec).fixedPrior !== undefined,
    fixedPriorOf: (spec, n) => {
      const f = familyOf(spec);
      if (f.fixedPrior === undefined) throw new Error(`fixedPriorOf: the ${spec.family} family has no fixed prior`);
      return f.fixedPrior(spec, n);
    },
    describeSupport: (spec) => familyOf(spec).describeSupport(spec),
    inSupport: (spec) => familyOf(spec).inSupport(spec),
    problems: (spec) => {
      const f = byTag.get(spec.family);
      if (f === undefined) return [{ kind: 'params', detail: `unknown distribution family '${String(spec.family)}'` }];
      return f.problems?.(spec) ?? [];
    },
    limitShape: (spec) => byTag.get(spec.family)?.limitShape?.(spec) ?? spec.shape,
  };
};
