import * as tf from '@tensorflow/tfjs';
import type { NodeTerms, Trace } from '../../../src/inference/trace.js';

/**
 * A trace built by hand (K = 1): one observed node 'x' with log p `recon` [B],
 * and latents with analytic per-dimension KL `kl[name]` [B][D]; log q is the
 * summed KL and log p is 0, so the Monte Carlo KL equals the analytic one.
 * Call inside tf.tidy.
 */
export const constructedTrace = (recon: readonly number[], kl: Readonly<Record<string, readonly (readonly number[])[]>>): Trace => {
  const b = recon.length;
  const latents: NodeTerms[] = Object.entries(kl).map(([name, rows]) => ({
    name,
    role: 'latent',
    logp: tf.zeros([1, b]) as tf.Tensor2D,
    logq: tf.tensor2d([rows.map((r) => r.reduce((a, v) => a + v, 0))]),
    klElements: tf.tensor3d([rows.map((r) => [...r])]),
    analytic: true,
  }));
  return {
    k: 1,
    b,
    terms: [{ name: 'x', role: 'observed', logp: tf.tensor2d([[...recon]]) }, ...latents],
    q: new Map(),
    p: new Map(),
    likelihoods: new Map(),
  };
};

/** The values of a per-datum objective on a constructed trace, as plain numbers. */
export const valuesOn = (
  recon: readonly number[],
  kl: Readonly<Record<string, readonly (readonly number[])[]>>,
  objective: (t: Trace) => tf.Tensor,
): number[] => tf.tidy(() => Array.from(objective(constructedTrace(recon, kl)).dataSync()));
