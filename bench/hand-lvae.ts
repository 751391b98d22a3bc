/**
 * The two-layer Ladder VAE of the DSL-overhead benchmark, as a DSL spec
 * (`lvaeSpec`) and by hand in tfjs (`handLvae`), layer for layer the same
 * (ReLU MLPs, Normal heads with sigma = softplus(raw) + e^-10):
 * bottom-up bu1 = MLP 784-512-512 (x), bu2 = MLP 512-256-256 (bu1);
 * q(z2 | bu2) = N, 16 units, p(z2) = N(0, I);
 * top-down td1 = MLP 16-256-256 (z2), shared by p(z1 | td1) and q(z1 | bu1, td1) (head over [bu1, td1]), 32 units;
 * p(x | z1) Bernoulli from an MLP 32-512-512 and a head to 784.
 * Negative ELBO with analytic KLs, Adam 1e-3.
 */
import * as tf from '@tensorflow/tfjs';
import { bernoulli, mlp, model, normal, prior, type ModelSpec } from '../src/index.js';
import { prng } from '../src/random/prng.js';
import type { CountedModel } from './dsl-trainer.js';
import { adamTrainer, bernoulliLogLik, denseLayer, forward, gaussian, kl, sample } from './hand-vae.js';

/** The two-layer LVAE as a DSL spec. */
export const lvaeSpec: ModelSpec = model()
  .observed('x', bernoulli([784]))
  .latent('z1', normal([32]), { layer: 1 })
  .latent('z2', normal([16]), { layer: 2 })
  .deterministic('bu1', ['x'], mlp([512, 512]))
  .deterministic('bu2', ['bu1'], mlp([256, 256]))
  .deterministic('td1', ['z2'], mlp([256, 256]))
  .p('z2', prior)
  .q('z2', ['bu2'])
  .p('z1', ['td1'])
  .q('z1', ['bu1', 'td1'])
  .p('x', ['z1'], mlp([512, 512]))
  .spec;

/** The hand-written LVAE's training step over `x` [B, 784]. */
export const handLvae = (x: tf.Tensor, seed: number): CountedModel => {
  const rng = prng(seed);
  const bu1 = [denseLayer(rng, 784, 512), denseLayer(rng, 512, 512)];
  const bu2 = [denseLayer(rng, 512, 256), denseLayer(rng, 256, 256)];
  const qz2 = [denseLayer(rng, 256, 32)];
  const td1 = [denseLayer(rng, 16, 256), denseLayer(rng, 256, 256)];
  const pz1 = [denseLayer(rng, 256, 64)];
  const qz1 = [denseLayer(rng, 768, 64)];
  const px = [denseLayer(rng, 32, 512), denseLayer(rng, 512, 512), denseLayer(rng, 512, 784)];
  const negElbo = (s: number): tf.Scalar => {
    const h1 = forward(x, bu1, false);
    const q2 = gaussian(forward(forward(h1, bu2, false), qz2, true));
    const z2 = sample(q2, s);
    const t1 = forward(z2, td1, false);
    const p1 = gaussian(forward(t1, pz1, true));
    const q1 = gaussian(forward(tf.concat([h1, t1], 1), qz1, true));
    const z1 = sample(q1, s + 1);
    const recon = bernoulliLogLik(forward(z1, px, true), x);
    return tf.neg(tf.mean(tf.sub(recon, tf.add(kl(q1, p1), kl(q2))))) as tf.Scalar;
  };
  return adamTrainer([...bu1, ...bu2, ...qz2, ...td1, ...pz1, ...qz1, ...px], negElbo, seed, x);
};
