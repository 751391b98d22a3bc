/**
 * A training step of a compiled DSL model, as a strata user writes it:
 * `opt.minimize(() => -elbo(trace(model, params, { x }, { seed, training: true })))`
 * with Adam, on seeded random binary images of the model's 'x' shape.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { elbo, initParams, parameterCount, trace, validate, type Model, type ModelSpec, type ParamStore } from '../src/index.js';
import { prng } from '../src/random/prng.js';
import type { BenchModel } from './conv-net.js';

/** A benchmark model with its parameter count. */
export interface CountedModel extends BenchModel {
  readonly parameters: number;
}

/** Validates a spec, throwing the spec errors (a benchmark spec is known to be valid). */
export const validated = (spec: ModelSpec): Model =>
  E.getOrElseW((errors: unknown) => {
    throw new Error(`bench: invalid spec: ${JSON.stringify(errors)}`);
  })(validate(spec));

/**
 * `batch` random binary images (each pixel 1 with probability 0.3, seeded)
 * shaped as the model's observed node 'x': [B, 784] dense, [B, 28, 28, 1] maps.
 */
export const randomImages = (model: Model, batch: number, seed: number): tf.Tensor => {
  const shape = model.nodes.get('x')?.shape;
  if (shape === undefined) throw new Error("bench: the model has no node 'x'");
  const size = batch * shape.reduce((a, b) => a * b, 1);
  const rng = prng(seed);
  return tf.tensor(Float32Array.from({ length: size }, () => (rng.next() < 0.3 ? 1 : 0)), [batch, ...shape]);
};

/** The DSL model's training step (Adam 1e-3, negative ELBO with analytic KL) on the current backend. */
export const dslTrainer = (spec: ModelSpec, batch: number, seed: number): CountedModel => {
  const model = validated(spec);
  const params: ParamStore = initParams(model, seed);
  const x = randomImages(model, batch, seed + 1);
  const optimizer = tf.train.adam(1e-3);
  const vars = [...params.values()];
  let stepIndex = 0;
  return {
    parameters: parameterCount(params),
    step: async () => {
      stepIndex += 1;
      const s = seed + stepIndex;
      const cost = optimizer.minimize(() => tf.neg(elbo(trace(model, params, { x }, { seed: s, training: true }))), true, vars) as tf.Scalar;
      const value = (await cost.data())[0];
      cost.dispose();
      return value;
    },
    dispose: () => {
      optimizer.dispose();
      x.dispose();
      vars.forEach((v) => v.dispose());
    },
  };
};
