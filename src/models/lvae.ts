import { model, normal, prior, type ModelSpec } from '../dsl/index.js';
import { block, dataEncoder, decoder, halfMap, likelihood, topMap } from './blocks.js';
import { presets, type DataShape, type ZooConfig } from './config.js';

/**
 * Ladder VAE (Sønderby et al. 2016; the ablation of BIVA section 4.1) and,
 * with `skip`, LVAE+. A deterministic bottom-up path bu_1 = f(x),
 * bu_i = f(bu_{i-1}); a top-down path td_i shared by p and q:
 * LVAE: td_i = f(z_{i+1}), p(z_i | z_{i+1}), p(x | z_1);
 * LVAE+: td_i = f(z_{i+1}, td_{i+1}), p(z_i | z_{>i}), p(x | z_1, td_1).
 * Inference is top-down: q(z_L | bu_L), q(z_i | bu_i, td_i).
 */
export const ladder = (data: DataShape, config: ZooConfig, skip: boolean): ModelSpec => {
  const L = config.layers;
  const z = (i: number): string => `z${i}`;
  const bu = (i: number): string => `bu${i}`;
  const td = (i: number): string => `td${i}`;
  let m = model<string>().observed('x', likelihood(data, config));
  for (let i = 1; i <= L; i++) m = m.latent(z(i), normal([config.latents[i - 1]]), { layer: i });
  m = m.deterministic(bu(1), ['x'], dataEncoder(data, config));
  for (let i = 2; i <= L; i++) m = m.deterministic(bu(i), [bu(i - 1)], block(config, i === L ? 'last' : 'middle'));
  for (let i = L - 1; i >= 1; i--) {
    const fromTop = skip && i < L - 1;
    const map = i === L - 1 ? topMap(data, config) : halfMap(data, config);
    m = m.deterministic(td(i), fromTop ? [z(i + 1), td(i + 1)] : [z(i + 1)], block(config, i === L - 1 ? 'last' : 'middle', 'down', fromTop ? undefined : map));
  }
  m = m.p(z(L), prior).q(z(L), [bu(L)]);
  for (let i = 1; i < L; i++) m = m.p(z(i), [td(i)]).q(z(i), [bu(i), td(i)]);
  return m.p('x', skip && L > 1 ? [z(1), td(1)] : [z(1)], decoder(data, config, skip && L > 1)).spec;
};

/** LVAE: no deterministic top-down skip path. */
export const lvae = (data: DataShape, config: ZooConfig = presets.paper): ModelSpec => ladder(data, config, false);

/** LVAE+: LVAE plus the deterministic top-down skip path. */
export const lvaePlus = (data: DataShape, config: ZooConfig = presets.paper): ModelSpec => ladder(data, config, true);
