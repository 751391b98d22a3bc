import * as E from 'fp-ts/lib/Either.js';
import type { Model } from '../../src/dsl/model.js';
import type { SpecError } from '../../src/dsl/spec-error.js';
import type { ModelSpec } from '../../src/dsl/spec.js';
import { validate } from '../../src/dsl/validate.js';
import { model, type ModelBuilder } from '../../src/dsl/builder.js';
import { bernoulli, normal } from '../../src/dsl/distributions/distribution.js';
import { mlp } from '../../src/dsl/nets/net.js';
import { prior } from '../../src/dsl/spec.js';

/** The validated model of a spec; throws with every validation message when the spec is invalid. */
export const compiled = (spec: ModelSpec): Model =>
  E.getOrElse<SpecError[], Model>((errors) => {
    throw new Error(`expected a valid spec:\n${errors.map((e) => e.message).join('\n')}`);
  })(validate(spec));

/** The validation errors of a spec ([] when it is valid). */
export const specErrors = (spec: ModelSpec): SpecError[] => E.match<SpecError[], Model, SpecError[]>((errors) => errors, () => [])(validate(spec));

/**
 * A dense ladder VAE built in a loop (ARCHITECTURE.md, "Conventions": "ladders are
 * built by ordinary functions"): observed Bernoulli x of `xSize`; latents z1..zL of
 * `sizes[i]`, z_L ~ N(0, I), p(z_i | z_{i+1}), p(x | z1); bottom-up q(z1 | x),
 * q(z_i | z_{i-1}). Every net is an MLP with one hidden layer of `hidden` units.
 */
export const denseLadder = (xSize: number, sizes: readonly number[], hidden: number): ModelSpec => {
  const depth = sizes.length;
  const z = (i: number): string => `z${i}`;
  let b: ModelBuilder<string> = model<string>().observed('x', bernoulli([xSize]));
  sizes.forEach((size, i) => {
    b = b.latent(z(i + 1), normal([size]), { layer: i + 1 });
  });
  b = b.p(z(depth), prior);
  for (let i = depth - 1; i >= 1; i--) b = b.p(z(i), [z(i + 1)], mlp([hidden]));
  b = b.p('x', [z(1)], mlp([hidden])).q(z(1), ['x'], mlp([hidden]));
  for (let i = 2; i <= depth; i++) b = b.q(z(i), [z(i - 1)], mlp([hidden]));
  return b.spec;
};
