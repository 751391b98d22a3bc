import type { Shape } from '../dsl/index.js';

/** What a zoo model needs to know about its data. */
export interface DataShape {
  /** Event shape of one example: [h, w, c] images or [T] token sequences. */
  readonly shape: Shape;
  readonly likelihood: 'bernoulli' | 'discretized-logistic' | 'categorical-tokens';
  /** Number of classes, for semi-supervised models. */
  readonly classes?: number;
  /** Vocabulary size (with PAD = 0), for text. */
  readonly vocabulary?: number;
}

/** The typed configuration every zoo model takes. */
export interface ZooConfig {
  /** Number of stochastic layers L. */
  readonly layers: number;
  /** Latent sizes of layers 1..L (dense Normals). */
  readonly latents: readonly number[];
  /** Units per dense hidden layer (dense nets). */
  readonly hidden: number;
  /** Dense hidden layers per net (dense nets). */
  readonly depth: number;
  /** ResNet blocks instead of MLPs: `filters` kernels, `blockLayers` (M) convolutions per block. */
  readonly conv?: { readonly filters: number; readonly blockLayers: number };
  readonly dropout: number;
  /** Mixture components of the discretized logistic likelihood. */
  readonly mixtures: number;
  /** LSTM decoder for text (bivaLstm): embedding and hidden units; absent: the non-autoregressive head. */
  readonly lstm?: { readonly embed: number; readonly hidden: number };
  /** Token embedding units for text encoders. */
  readonly embed: number;
}

/** Preset names. */
export type PresetName = 'tiny' | 'small' | 'medium' | 'paper';

/**
 * Presets. `paper` is the BIVA binary-image configuration (appendix C):
 * L = 6, latents 48, 40, 32, 24, 16, 8, ResNet blocks of M = 3 convolutions
 * with 64 kernels (5x5 stride 2 first, 3x3 after, stride 2 in the last),
 * dropout 0.5. `tiny` and `small` are dense and train at useful speed on a
 * 2-core CPU. `medium` is the paper's latent hierarchy (L = 6, the same
 * latent sizes) with dense nets of two 512-unit layers and no dropout: the
 * configuration for a CPU budget of hours (BIVA about 7.7M parameters), and
 * for the LVAE / LVAE+ / BIVA ablation at the paper's latent sizes.
 */
export const presets: Readonly<Record<PresetName, ZooConfig>> = {
  tiny: { layers: 2, latents: [8, 4], hidden: 64, depth: 1, dropout: 0, mixtures: 3, embed: 16, lstm: { embed: 32, hidden: 64 } },
  small: { layers: 3, latents: [32, 16, 8], hidden: 256, depth: 2, dropout: 0, mixtures: 5, embed: 32, lstm: { embed: 64, hidden: 256 } },
  medium: { layers: 6, latents: [48, 40, 32, 24, 16, 8], hidden: 512, depth: 2, dropout: 0, mixtures: 10, embed: 64, lstm: { embed: 256, hidden: 512 } },
  paper: {
    layers: 6,
    latents: [48, 40, 32, 24, 16, 8],
    hidden: 512,
    depth: 2,
    conv: { filters: 64, blockLayers: 3 },
    dropout: 0.5,
    mixtures: 10,
    embed: 64,
    lstm: { embed: 512, hidden: 1024 },
  },
};
