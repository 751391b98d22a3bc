/**
 * The MLP VAE of the native benchmark, the model of bench/pytorch-mlp-vae.py: dense
 * layers 784-512-512-(32 mean, 32 log-variance) through strata's dense op
 * (`affine`, src/ops/affine.ts: product, bias and ReLU as one op with a
 * written-out gradient, as the DSL's nets run them; tf.fused.matMul, which
 * tfjs splits into three ops under a gradient, was 7% slower per step),
 * a reparameterized sample, 32-512-512-784 Bernoulli logits, batch 128,
 * negative ELBO (binary cross-entropy plus analytic KL), Adam (fused on the
 * native backend). Seeded.
 */
import * as tf from '@tensorflow/tfjs';
import { affine } from '../src/ops/affine.js';
import { createOptimizer } from '../src/train/optimizer.js';
import { prng } from '../src/random/prng.js';
import type { BenchModel } from './conv-net.js';

type Dense = readonly [tf.Variable, tf.Variable];

/** Builds the model on the current backend. */
export const nativeMlpVae = (seed: number): BenchModel => {
  const batch = 128;
  const rng = prng(seed);
  const uniform = (length: number, scale: number): Float32Array =>
    Float32Array.from({ length }, () => scale * (2 * rng.next() - 1));
  const x = tf.tensor2d(Float32Array.from({ length: batch * 784 }, () => (rng.next() < 0.3 ? 1 : 0)),
    [batch, 784]);
  const dense = (fanIn: number, fanOut: number): Dense => [
    tf.variable(tf.tensor2d(uniform(fanIn * fanOut, Math.sqrt(6 / (fanIn + fanOut))), [fanIn, fanOut])),
    tf.variable(tf.zeros([fanOut])),
  ];
  const encoder = [dense(784, 512), dense(512, 512), dense(512, 64)];
  const decoder = [dense(32, 512), dense(512, 512), dense(512, 784)];
  const mlp = (input: tf.Tensor2D, layers: Dense[]): tf.Tensor2D => {
    let h = input;
    layers.forEach(([w, b], i) => {
      h = affine(h, w, b, i < layers.length - 1 ? 'relu' : 'linear') as tf.Tensor2D;
    });
    return h;
  };
  // Binary cross-entropy of Bernoulli logits, stably: relu(l) - l x + log1p(exp(-|l|)).
  const bernoulliNll = (logits: tf.Tensor2D): tf.Tensor =>
    tf.add(tf.sub(tf.relu(logits), tf.mul(logits, x)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
  const optimizer = createOptimizer({
    name: 'adam', lr: 1e-3, decay: 1, warmup: 0, beta1: 0.9, beta2: 0.999, epsilon: tf.backend().epsilon(),
  });
  const variables = new Map([...encoder, ...decoder].flat().map((v) => [v.name, v]));
  let stepIndex = 0;
  const loss = (): tf.Scalar => {
    const stats = mlp(x, encoder);
    const mean = tf.slice(stats, [0, 0], [batch, 32]);
    const logVar = tf.slice(stats, [0, 32], [batch, 32]);
    const eps = tf.randomNormal([batch, 32], 0, 1, 'float32', seed + stepIndex);
    const z = tf.add(mean, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)) as tf.Tensor2D;
    const logits = mlp(z, decoder);
    const recon = tf.sum(bernoulliNll(logits), 1);
    const kl = tf.mul(0.5, tf.sum(tf.sub(tf.add(tf.square(mean), tf.exp(logVar)), tf.add(logVar, 1)), 1));
    return tf.mean(tf.add(recon, kl));
  };
  return {
    step: async () => {
      stepIndex += 1;
      const { value: cost, grads } = tf.variableGrads(loss);
      optimizer.apply(variables, grads);
      tf.dispose(grads);
      const value = (await cost.data())[0];
      cost.dispose();
      return value;
    },
    dispose: () => {
      optimizer.dispose();
      tf.dispose([x, ...encoder.flat(), ...decoder.flat()]);
    },
  };
};
