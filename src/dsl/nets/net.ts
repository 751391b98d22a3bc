import type * as tf from '@tensorflow/tfjs';
import type { Shape } from '../shape.js';

/** Nonlinearities a net may use between layers. */
export type Activation = 'relu' | 'elu' | 'tanh' | 'softplus' | 'swish' | 'linear';

/**
 * Fully connected layers. The output is the last hidden layer (the parents'
 * concatenation when `hidden` is empty). Weight normalization is optional.
 */
export interface MlpSpec {
  readonly kind: 'mlp';
  readonly hidden: readonly number[];
  readonly activation: Activation;
  readonly dropout: number;
  readonly weightNorm: boolean;
}

/**
 * A ResNet block of `layers` weight-normalized convolutions (BIVA appendix A):
 * the first maps to `filters` channels with `stride` (or upsamples by
 * `upsample` first, for top-down paths); the others are residual,
 * h <- h + conv(dropout(act(h))). Dense parents are projected to `inputMap`
 * when no parent is a map, and broadcast over the map otherwise.
 */
export interface ResnetSpec {
  readonly kind: 'resnet';
  readonly filters: number;
  readonly layers: number;
  readonly kernel: number;
  readonly stride: number;
  readonly upsample: number;
  readonly activation: Activation;
  readonly dropout: number;
  readonly inputMap?: Shape;
}

/**
 * An LSTM decoder for a Categorical token sequence (BIVA appendix D): at step
 * t it reads the embedding of token t-1 (`bos` at t = 0) and the parents'
 * features, and outputs the logits of token t. Teacher forcing for scoring,
 * step-by-step for sampling. It is the final net of a token node.
 */
export interface LstmSpec {
  readonly kind: 'lstm';
  readonly embed: number;
  readonly hidden: number;
  readonly bos: number;
}

/**
 * A token embedding: reads one parent holding token ids [T], embeds each
 * token (a one-hot matmul, so training needs no scatter kernel), and passes
 * the concatenated embeddings [T * dim] through dense `hidden` layers (elu).
 * The way into a dense net for text.
 */
export interface EmbeddingSpec {
  readonly kind: 'embedding';
  readonly vocabulary: number;
  readonly dim: number;
  readonly hidden: readonly number[];
}

/**
 * An LSTM encoder (Bowman et al. 2016): reads one parent holding token ids
 * [T], embeds each token, runs an LSTM of `hidden` units left to right and
 * outputs its hidden state [hidden] after the last token that is not `pad`.
 * The way into a Gaussian q(z | x) for a sentence VAE.
 */
export interface LstmEncoderSpec {
  readonly kind: 'lstmEncoder';
  readonly vocabulary: number;
  readonly embed: number;
  readonly hidden: number;
  readonly pad: number;
}

/** A net: data describing layers, compiled once its input and output shapes are known. */
export type NetSpec = MlpSpec | ResnetSpec | LstmSpec | EmbeddingSpec | LstmEncoderSpec;

/**
 * Initial scale of output layers relative to Glorot, so distributions start
 * near their bias (vdvae zero-initializes them): the weights of a plain
 * head, the gain g of a weight-normalized one.
 */
export const HEAD_GAIN = 0.1;

/** One trainable tensor of a compiled net, with its seeded initializer ('head': Glorot scaled by HEAD_GAIN). */
export interface ParamDecl {
  readonly name: string;
  readonly shape: Shape;
  readonly init: 'glorot' | 'head' | 'zeros' | 'ones' | { readonly normOf: string; readonly axes: readonly number[]; readonly scale?: number };
}

/** Per-call settings of a net: dropout is active when training, drawn from `seed`. */
export interface NetContext {
  readonly training: boolean;
  readonly seed: number;
}

/** Looks a parameter up by its name inside the net. */
export type ParamLookup = (name: string) => tf.Tensor;

/**
 * A net compiled for fixed shapes: its parameters and a pure function from
 * parent values [N, ...shape] to the output [N, ...outputShape]. `target` is
 * the node's own value, read only by autoregressive nets (teacher forcing).
 */
export interface CompiledNet {
  readonly outputShape: Shape;
  readonly params: readonly ParamDecl[];
  readonly apply: (get: ParamLookup, inputs: readonly tf.Tensor[], ctx: NetContext, target?: tf.Tensor) => tf.Tensor;
  /** Present for autoregressive nets: draws the node's value step by step. */
  readonly sample?: (get: ParamLookup, inputs: readonly tf.Tensor[], seed: number) => tf.Tensor;
}

/** Dense layers, relu, no dropout, no weight normalization unless asked. */
export const mlp = (
  hidden: readonly number[],
  options: { activation?: Activation; dropout?: number; weightNorm?: boolean } = {},
): MlpSpec => ({
  kind: 'mlp',
  hidden,
  activation: options.activation ?? 'relu',
  dropout: options.dropout ?? 0,
  weightNorm: options.weightNorm ?? false,
});

/** A ResNet block of weight-normalized convolutions (defaults: 3 layers of 64 3x3 kernels, elu). */
export const resnet = (
  options: {
    filters?: number;
    layers?: number;
    kernel?: number;
    stride?: number;
    upsample?: number;
    activation?: Activation;
    dropout?: number;
    inputMap?: Shape;
  } = {},
): ResnetSpec => ({
  kind: 'resnet',
  filters: options.filters ?? 64,
  layers: options.layers ?? 3,
  kernel: options.kernel ?? 3,
  stride: options.stride ?? 1,
  upsample: options.upsample ?? 1,
  activation: options.activation ?? 'elu',
  dropout: options.dropout ?? 0,
  ...(options.inputMap === undefined ? {} : { inputMap: options.inputMap }),
});

/** An LSTM decoder over tokens (defaults: embedding 64, hidden 256, BOS id 1). */
export const lstm = (options: { embed?: number; hidden?: number; bos?: number } = {}): LstmSpec => ({
  kind: 'lstm',
  embed: options.embed ?? 64,
  hidden: options.hidden ?? 256,
  bos: options.bos ?? 1,
});

/** A token embedding of `dim` units per token over `vocabulary` ids, then dense `hidden` layers. */
export const embedding = (vocabulary: number, dim: number, hidden: readonly number[] = []): EmbeddingSpec => ({
  kind: 'embedding',
  vocabulary,
  dim,
  hidden,
});

/** An LSTM encoder over token ids of `vocabulary` (defaults: embedding 64, hidden 256, PAD id 0): its last hidden state. */
export const lstmEncoder = (vocabulary: number, options: { embed?: number; hidden?: number; pad?: number } = {}): LstmEncoderSpec => ({
  kind: 'lstmEncoder',
  vocabulary,
  embed: options.embed ?? 64,
  hidden: options.hidden ?? 256,
  pad: options.pad ?? 0,
});
