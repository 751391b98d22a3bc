import * as E from 'fp-ts/lib/Either.js';
import type { ModelSpec } from '../dsl/index.js';
import { biva, bivaLstm, bivaM2 } from './biva.js';
import { presets, type DataShape, type PresetName, type ZooConfig } from './config.js';
import { lvae, lvaePlus } from './lvae.js';
import { vae } from './vae.js';

export { biva, bivaFamily, bivaLstm, bivaM2, type BivaOptions } from './biva.js';
export { presets, type DataShape, type PresetName, type ZooConfig } from './config.js';
export { ladder, lvae, lvaePlus } from './lvae.js';
export { vae } from './vae.js';

/** A model of the zoo: its name, what it is, and its spec builder. */
export interface ZooModel {
  readonly name: string;
  readonly description: string;
  readonly build: (data: DataShape, config: ZooConfig) => ModelSpec;
}

/** The models of the BIVA paper and its ablation, by name. */
export const zooModels: readonly ZooModel[] = [
  { name: 'vae', description: 'VAE with L stacked Gaussian latents, bottom-up inference (Kingma & Welling 2014)', build: vae },
  { name: 'lvae', description: 'Ladder VAE: top-down inference sharing the generative path (Sønderby et al. 2016)', build: lvae },
  { name: 'lvae-plus', description: 'LVAE+: LVAE with the deterministic top-down skip path (BIVA ablation)', build: lvaePlus },
  { name: 'biva', description: 'BIVA: bidirectional inference, BU and TD latents, skip path (Maaløe et al. 2019)', build: biva },
  { name: 'biva-m2', description: 'BIVA-M2: semi-supervised BIVA with a label y and a classifier q(y|x) (appendix B)', build: bivaM2 },
  { name: 'biva-lstm', description: 'BIVA with an LSTM decoder over word tokens (appendix D)', build: bivaLstm },
  {
    name: 'biva-text',
    description: 'BIVA for text without the autoregressive decoder (appendix D)',
    build: (data, config) => bivaLstm(data, config, { autoregressive: false }),
  },
];

const isPreset = (name: string): name is PresetName => Object.prototype.hasOwnProperty.call(presets, name);

/**
 * Builds a zoo model by name for a data set and a preset. Text data always
 * uses dense nets (the ResNet blocks of the paper preset are for images).
 * Left: a message naming the unknown model or preset and listing the known ones.
 */
export const buildZooModel = (name: string, preset: string, data: DataShape): E.Either<string, ModelSpec> => {
  const entry = zooModels.find((m) => m.name === name);
  if (entry === undefined) return E.left(`unknown model '${name}'; known models: ${zooModels.map((m) => m.name).join(', ')}`);
  if (!isPreset(preset)) return E.left(`unknown preset '${preset}'; known presets: ${Object.keys(presets).join(', ')}`);
  const { conv, ...dense } = presets[preset];
  const config = data.likelihood === 'categorical-tokens' || conv === undefined ? dense : { ...dense, conv };
  try {
    return E.right(entry.build(data, config));
  } catch (e) {
    return E.left(e instanceof Error ? e.message : String(e));
  }
};
