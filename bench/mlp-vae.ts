/**
 * The MLP VAE of the benchmark: 784-512-512-32 encoder (ReLU) giving the
 * mean and log-variance of a diagonal Gaussian, a reparameterized sample, a
 * 32-512-512-784 decoder with Bernoulli logits, batch 128, negative ELBO
 * (binary cross-entropy plus analytic KL), strata's Adamax (src/train/optimizer.ts,
 * what `strata train` uses). Data and weights are seeded.
 */
import * as tf from '@tensorflow/tfjs';
import { prng } from '../src/random/prng.js';
import { defaultOptimizer } from '../src/train/config.js';
import { createOptimizer } from '../src/train/optimizer.js';
import type { BenchModel } from './conv-net.js';

/** Builds the MLP VAE on the current backend. */
export const mlpVae = (seed: number): BenchModel => {
  const batch = 128;
  const rng = prng(seed);
  const x = tf.tensor2d(Float32Array.from({ length: batch * 784 }, () => (rng.next() < 0.3 ? 1 : 0)), [batch, 784]);
  const layer = (fanIn: number, fanOut: number): [tf.Variable, tf.Variable] => {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const w = tf.tensor2d(Float32Array.from({ length: fanIn * fanOut }, () => limit * (2 * rng.next() - 1)), [fanIn, fanOut]);
    return [tf.variable(w), tf.variable(tf.zeros([fanOut]))];
  };
  const encoder = [layer(784, 512), layer(512, 512), layer(512, 64)];
  const decoder = [layer(32, 512), layer(512, 512), layer(512, 784)];
  const mlp = (h: tf.Tensor, layers: [tf.Variable, tf.Variable][]): tf.Tensor =>
    layers.reduce((acc, [w, b], i) => {
      const z = tf.add(tf.matMul(acc, w), b);
      return i < layers.length - 1 ? tf.relu(z) : z;
    }, h);
  const variables = new Map([...encoder, ...decoder].flat().map((v) => [v.name, v] as const));
  const optimizer = createOptimizer({ ...defaultOptimizer, name: 'adamax', lr: 1e-3 });
  let stepIndex = 0;
  const loss = (): tf.Scalar => {
    const stats = mlp(x, encoder);
    const mean = tf.slice(stats, [0, 0], [batch, 32]);
    const logVar = tf.slice(stats, [0, 32], [batch, 32]);
    const eps = tf.randomNormal([batch, 32], 0, 1, 'float32', seed + stepIndex);
    const z = tf.add(mean, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps));
    const logits = mlp(z, decoder);
    const bce = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, x)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    const recon = tf.sum(bce, 1);
    const kl = tf.mul(0.5, tf.sum(tf.sub(tf.add(tf.square(mean), tf.exp(logVar)), tf.add(logVar, 1)), 1));
    return tf.mean(tf.add(recon, kl));
  };
  return {
    step: async () => {
      stepIndex += 1;
      const { value: cost, grads } = tf.variableGrads(loss, [...variables.values()]);
      optimizer.apply(variables, grads);
      const value = (await cost.data())[0];
      tf.dispose([cost, ...Object.values(grads)]);
      return value;
    },
    dispose: () => {
      optimizer.dispose();
      tf.dispose([x, ...encoder.flat(), ...decoder.flat()]);
    },
  };
};
