/**
 * Which latents' KL may be taken analytically. For a latent z sampled from
 * q(z | pa_q), KL(q(z | pa_q) || p(z | pa_p)) equals E_q[log q(z) - log p(z)]
 * only when the values of z's p-parents do not depend on z itself. They do
 * when a p-parent is computed from z in the world it is read from: BIVA's
 * p(z_i^BU | td_i), with td_i built from z_{i+1}^BU ~ q(. | bu_{i+1}) and
 * bu_{i+1} from z_i^BU (Maaløe et al. 2019, eq. 7-9), or a bottom-up VAE's
 * p(z_1 | z_2) with z_2 ~ q(z_2 | z_1). There the analytic formula is a
 * different, biased quantity (the trained model learns to exploit it), and
 * the trace takes the Monte Carlo estimate log q(z) - log p(z) instead.
 * Pure: a function of the model's graph and the resampled set S.
 */
import type { Model } from '../dsl/model.js';
import { worldParents } from './world.js';

/**
 * The parents of `name`'s value as the p-world reads it: the q-world's for
 * every node (the p-world reuses q's values) except the latents of
 * `resample`, which the p-world samples from p.
 */
const valueParents = (model: Model, resample: ReadonlySet<string>, name: string): readonly string[] =>
  worldParents(model, resample.has(name) ? 'p' : 'q', name);

/** Whether `target`'s value is computed (through any path) from `z`'s. */
const dependsOn = (model: Model, resample: ReadonlySet<string>, target: string, z: string): boolean => {
  const seen = new Set<string>();
  const stack = [target];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n === z) return true;
    if (seen.has(n)) continue;
    seen.add(n);
    stack.push(...valueParents(model, resample, n));
  }
  return false;
};

/**
 * The latents (not in `resample`) whose p-parents' values do not depend on
 * the latent itself: for these, and only these, the analytic Normal KL is
 * the expected log q - log p. Other latents are absent.
 */
export const analyticKlLatents = (model: Model, resample: ReadonlySet<string> = new Set()): ReadonlySet<string> =>
  new Set(model.latents.filter((z) => !resample.has(z) && !worldParents(model, 'p', z).some((parent) => dependsOn(model, resample, parent, z))));
