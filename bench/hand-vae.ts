/**
 * The small VAE of the DSL-overhead benchmark, twice: as a DSL spec
 * (`vaeSpec`) and written by hand in tfjs (`handVae`), layer for layer the
 * same: q(z | x) = N(mu, sigma) from a 784-512-512 ReLU MLP and a dense head
 * to 2 x 32 (sigma = softplus(raw) + e^-10), p(z) = N(0, I), p(x | z)
 * Bernoulli with logits from a 32-512-512 ReLU MLP and a dense head to 784;
 * negative ELBO with the analytic KL, Adam 1e-3.
 */
import * as tf from '@tensorflow/tfjs';
import { bernoulli, mlp, model, normal, prior, type ModelSpec } from '../src/index.js';
import { prng, type Prng } from '../src/random/prng.js';
import { adamSteps, type CountedModel } from './dsl-trainer.js';

/** The VAE as a DSL spec. */
export const vaeSpec: ModelSpec = model()
  .observed('x', bernoulli([784]))
  .latent('z', normal([32]))
  .p('z', prior)
  .p('x', ['z'], mlp([512, 512]))
  .q('z', ['x'], mlp([512, 512]))
  .spec;

/** A dense layer's weight [in, out] and bias [out]. */
export type Dense = readonly [tf.Variable, tf.Variable];

/** A dense layer with Glorot-uniform weights drawn from `rng` and zero bias. */
export const denseLayer = (rng: Prng, fanIn: number, fanOut: number): Dense => {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const w = tf.tensor2d(Float32Array.from({ length: fanIn * fanOut }, () => limit * (2 * rng.next() - 1)), [fanIn, fanOut]);
  const b = tf.zeros([fanOut]);
  const layer: Dense = [tf.variable(w), tf.variable(b)];
  tf.dispose([w, b]);
  return layer;
};

/** x w + b, then ReLU except for the last layer when `head` (its output is a distribution's parameters). */
export const forward = (x: tf.Tensor, layers: readonly Dense[], head: boolean): tf.Tensor =>
  layers.reduce((h, [w, b], i) => {
    const y = tf.add(tf.matMul(h as tf.Tensor2D, w as tf.Tensor2D), b);
    return head && i === layers.length - 1 ? y : tf.relu(y);
  }, x);

/** A diagonal Normal's location and log-scale, each [B, n]. */
export interface Gaussian {
  readonly loc: tf.Tensor;
  readonly logScale: tf.Tensor;
}

/** Splits raw [B, 2n] into location and log sigma = log(softplus(raw) + e^-10). */
export const gaussian = (raw: tf.Tensor): Gaussian => {
  const [loc, s] = tf.split(raw, 2, 1);
  return { loc, logScale: tf.log(tf.add(tf.softplus(s), Math.exp(-10))) };
};

/** A reparameterized sample mu + sigma eps, eps ~ N(0, I) from `seed`. */
export const sample = (g: Gaussian, seed: number): tf.Tensor =>
  tf.add(g.loc, tf.mul(tf.exp(g.logScale), tf.randomNormal(g.loc.shape, 0, 1, 'float32', seed)));

/** KL(q || p) per datum [B]; p = N(0, I) when absent. */
export const kl = (q: Gaussian, p?: Gaussian): tf.Tensor => {
  const pLoc = p?.loc ?? tf.zerosLike(q.loc);
  const pLogScale = p?.logScale ?? tf.zerosLike(q.logScale);
  const ratio = tf.exp(tf.mul(tf.sub(q.logScale, pLogScale), 2));
  const diff = tf.mul(tf.sub(q.loc, pLoc), tf.exp(tf.neg(pLogScale)));
  return tf.sum(tf.add(tf.sub(pLogScale, q.logScale), tf.mul(tf.sub(tf.add(ratio, tf.square(diff)), 1), 0.5)), 1);
};

/** log Bern(x; sigmoid(logits)) per datum [B]: sum of x l - softplus(l). */
export const bernoulliLogLik = (logits: tf.Tensor, x: tf.Tensor): tf.Tensor =>
  tf.sum(tf.sub(tf.mul(x, logits), tf.softplus(logits)), 1);

/** Number of weights in a list of dense layers. */
export const weightCount = (layers: readonly Dense[]): number => layers.reduce((a, [w, b]) => a + w.size + b.size, 0);

/**
 * A training step over `x` [B, 784] of `negElbo` (a function of `layers`) with
 * Adam 1e-3 as the DSL's trainer takes it ({@link adamSteps}); `negElbo` gets
 * the step's seed.
 */
export const adamTrainer = (layers: readonly Dense[], negElbo: (seed: number) => tf.Scalar, seed: number, x: tf.Tensor): CountedModel => {
  const adam = adamSteps(layers.flat(), (step) => negElbo(seed + step));
  return {
    parameters: weightCount(layers),
    step: adam.step,
    dispose: () => {
      adam.dispose();
      x.dispose();
      tf.dispose(layers.flat());
    },
  };
};

/** The hand-written VAE's training step over `x` [B, 784]. */
export const handVae = (x: tf.Tensor, seed: number): CountedModel => {
  const rng = prng(seed);
  const encoder = [denseLayer(rng, 784, 512), denseLayer(rng, 512, 512), denseLayer(rng, 512, 64)];
  const decoder = [denseLayer(rng, 32, 512), denseLayer(rng, 512, 512), denseLayer(rng, 512, 784)];
  const negElbo = (s: number): tf.Scalar => {
    const q = gaussian(forward(x, encoder, true));
    const z = sample(q, s);
    return tf.neg(tf.mean(tf.sub(bernoulliLogLik(forward(z, decoder, true), x), kl(q)))) as tf.Scalar;
  };
  return adamTrainer([...encoder, ...decoder], negElbo, seed, x);
};
