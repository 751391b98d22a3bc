import * as E from 'fp-ts/lib/Either.js';
import type { ModelSpec } from '../dsl/index.js';
import { biva, bivaLstm, bivaM2 } from './biva.js';
import { presets, type DataShape, type PresetName, type ZooConfig } from './config.js';
import { lstmLm } from './lstm-lm.js';
import { lvae, lvaePlus } from './lvae.js';
import { sentenceVae } from './sentence-vae.js';
import { vae } from './vae.js';

export { biva, bivaFamily, bivaLstm, bivaM2, type BivaOptions } from './biva.js';
export { presets, type DataShape, type PresetName, type ZooConfig } from './config.js';
export { parameterCount, widthForBudget } from './budget.js';
export { lstmLm } from './lstm-lm.js';
export { ladder, lvae, lvaePlus } from './lvae.js';
export { sentenceVae } from './sentence-vae.js';
export { vae } from './vae.js';

/** A model of the zoo: its name, what it is, the data it models, and its spec builder. */
export interface ZooModel {
  readonly name: string;
  readonly description: string;
  /** The data it is built for: images, or text (token sequences: Brown). */
  readonly data: 'images' | 'text';
  readonly build: (data: DataShape, config: ZooConfig) => ModelSpec;
}

/** The models of the BIVA paper, its ablation and the text baselines, by name. */
export const zooModels: readonly ZooModel[] = [
  { name: 'vae', data: 'images', description: 'VAE with L stacked Gaussian latents, bottom-up inference (Kingma & Welling 2014)', build: vae },
  { name: 'lvae', data: 'images', description: 'Ladder VAE: top-down inference sharing the generative path (Sønderby et al. 2016)', build: lvae },
  { name: 'lvae-plus', data: 'images', description: 'LVAE+: LVAE with the deterministic top-down skip path (BIVA ablation)', build: lvaePlus },
  { name: 'biva', data: 'images', description: 'BIVA: bidirectional inference, BU and TD latents, skip path (Maaløe et al. 2019)', build: biva },
  { name: 'biva-m2', data: 'images', description: 'BIVA-M2: semi-supervised BIVA with a label y and a classifier q(y|x) (appendix B)', build: bivaM2 },
  { name: 'biva-lstm', data: 'text', description: 'BIVA with an LSTM decoder over word tokens (appendix D)', build: bivaLstm },
  {
    name: 'biva-text',
    data: 'text',
    description: 'BIVA for text without the autoregressive decoder (appendix D)',
    build: (data, config) => bivaLstm(data, config, { autoregressive: false }),
  },
  { name: 'lstm-lm', data: 'text', description: 'LSTM language model, the text baseline: no latent in use (KL 0), biva-lstm\'s parameter budget', build: lstmLm },
  { name: 'sentence-vae', data: 'text', description: 'Sentence VAE: LSTM encoder, one Gaussian z, LSTM decoder (Bowman et al. 2016), biva-lstm\'s parameter budget', build: sentenceVae },
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
