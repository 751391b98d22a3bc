/**
 * A training step of a compiled DSL model, as strata's trainer takes it:
 * the gradients of -elbo(trace(model, params, { x }, { seed, training: true }))
 * and strata's Adam (createOptimizer), on seeded random binary images of the
 * model's 'x' shape.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { elbo, initParams, parameterCount, trace, validate, type Model, type ModelSpec, type ParamStore } from '../src/index.js';
import { prng } from '../src/random/prng.js';
import { createOptimizer } from '../src/train/optimizer.js';
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

/**
 * Steps of `loss` over `variables` as strata's trainer takes them: gradients
 * by tf.variableGrads, the update by strata's optimizer (createOptimizer:
 * one fused in-place kernel on native, tfjs ops elsewhere; not tf.train's
 * dozen kernels per variable), Adam (default) or Adamax at `lr` (default
 * 1e-3). `loss` gets the step's number, from 1. Returns the step function
 * (the loss, read back) and the optimizer's dispose.
 */
export const adamSteps = (variables: readonly tf.Variable[], loss: (step: number) => tf.Scalar,
  rule: 'adam' | 'adamax' = 'adam', lr = 1e-3): { readonly step: () => Promise<number>; readonly dispose: () => void } => {
  const optimizer = createOptimizer({
    name: rule, lr, decay: 1, warmup: 0, beta1: 0.9, beta2: 0.999, epsilon: tf.backend().epsilon(),
  });
  const byName = new Map(variables.map((v) => [v.name, v]));
  let stepIndex = 0;
  return {
    step: async () => {
      stepIndex += 1;
      const { value, grads } = tf.variableGrads(() => loss(stepIndex), [...variables]);
      optimizer.apply(byName, grads);
      tf.dispose(grads);
      const cost = (await value.data())[0];
      value.dispose();
      return cost;
    },
    dispose: () => optimizer.dispose(),
  };
};

/** The DSL model's training step (Adam 1e-3 by {@link adamSteps}, negative ELBO with analytic KL) on the current backend. */
export const dslTrainer = (spec: ModelSpec, batch: number, seed: number): CountedModel => {
  const model = validated(spec);
  const params: ParamStore = initParams(model, seed);
  const x = randomImages(model, batch, seed + 1);
  const vars = [...params.values()];
  const adam = adamSteps(vars, (step) => tf.neg(elbo(trace(model, params, { x }, { seed: seed + step, training: true }))) as tf.Scalar);
  return {
    parameters: parameterCount(params),
    step: adam.step,
    dispose: () => {
      adam.dispose();
      x.dispose();
      vars.forEach((v) => v.dispose());
    },
  };
};
