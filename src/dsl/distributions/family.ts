/**
 * A distribution family as one value: everything the rest of strata
 * dispatches on (the JSON codec, the parameter layout, the density, the
 * support, the validation rules) in one descriptor per family file. The
 * table of families (`families.ts`) is the one list; `familyTable`
 * (`family-table.ts`) derives the dispatch from it (ARCHITECTURE.md,
 * "Where a new thing goes").
 */
import type * as tf from '@tensorflow/tfjs';
import type { Codec } from '../codec-combinators.js';
import type { Shape } from '../shape.js';
import type { SpecErrorKind } from '../spec-error.js';

/** What every distribution spec holds: its family's tag and its event shape. */
export interface FamilySpec {
  readonly family: string;
  readonly shape: Shape;
}

/**
 * A distribution with its parameters bound: what every family's `bind`
 * gives. Every method returns new tensors; call inside tf.tidy.
 */
export interface BoundDensity {
  /** Log-density per element [N, ...shape] (per pixel [N, h, w] for the discretized logistic). */
  readonly logProbElements: (x: tf.Tensor) => tf.Tensor;
  /** A sample [N, ...shape] from `seed`; reparameterized for the Normal. */
  readonly sample: (seed: number) => tf.Tensor;
  /** The mean (probabilities for Bernoulli, class probabilities for Categorical), for display. */
  readonly mean: () => tf.Tensor;
}

/** A problem of a declared distribution; `validate` reports it with the node's name. */
export interface FamilyProblem {
  readonly kind: SpecErrorKind;
  /** One line, without the node's name, e.g. `a Categorical needs ... >= 2, got 1`. */
  readonly detail: string;
}

/**
 * One distribution family: spec type `S` (with the tag `family`). Methods
 * take the node's spec; `raw` is what a net head emits for N events,
 * [N, ...paramShape(spec)], whose layout the family's file documents.
 */
export interface Family<S extends FamilySpec> {
  /** The tag: the spec's `family` field and the JSON discriminator. */
  readonly family: S['family'];
  /** The spec as JSON (optional fields get the constructor's defaults), with its JSON Schema. */
  readonly codec: Codec<S>;
  /** Shape of the raw parameters of one event: what a net must output. */
  paramShape(spec: S): Shape;
  /** Binds raw parameters [N, ...paramShape] to a density over N events. */
  bind(spec: S, raw: tf.Tensor): BoundDensity;
  /** The fixed, parameter-free prior for `n` events; absent where the family has none (validation refuses `prior`). */
  fixedPrior?(spec: S, n: number): BoundDensity;
  /** The support in words, for error messages (`integers 0..255`). */
  describeSupport(spec: S): string;
  /** A predicate true for the values in the support. */
  inSupport(spec: S): (v: number) => boolean;
  /** Rules a spec must meet beyond positive extents (checked by `validate`); none when absent. */
  problems?(spec: S): readonly FamilyProblem[];
  /** Shape of the largest per-event tensor the density holds, checked against the size limits; `spec.shape` when absent. */
  limitShape?(spec: S): Shape;
}

/** The spec type of a family descriptor. */
export type SpecOf<F> = F extends Family<infer S> ? S : never;
