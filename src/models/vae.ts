import { model, normal, prior, type ModelSpec } from '../dsl/index.js';
import { dataEncoder, decoder, latentBlock, likelihood } from './blocks.js';
import { presets, type DataShape, type ZooConfig } from './config.js';

/**
 * VAE with L stacked Gaussian latents (Kingma & Welling 2014; BIVA Figure 5a/b):
 * p(x, z) = p(x | z_1) prod_{i<L} p(z_i | z_{i+1}) p(z_L), z_L ~ N(0, I);
 * bottom-up q(z_1 | x) prod_{i>1} q(z_i | z_{i-1}).
 */
export const vae = (data: DataShape, config: ZooConfig = presets.paper): ModelSpec => {
  const z = (i: number): string => `z${i}`;
  const L = config.layers;
  let m = model<string>().observed('x', likelihood(data, config));
  for (let i = 1; i <= L; i++) m = m.latent(z(i), normal([config.latents[i - 1]]), { layer: i });
  m = m.p(z(L), prior).p('x', [z(1)], decoder(data, config, false));
  for (let i = 1; i < L; i++) m = m.p(z(i), [z(i + 1)], latentBlock(config));
  m = m.q(z(1), ['x'], dataEncoder(data, config));
  for (let i = 2; i <= L; i++) m = m.q(z(i), [z(i - 1)], latentBlock(config));
  return m.spec;
};
