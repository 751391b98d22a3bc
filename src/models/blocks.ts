import { bernoulli, categorical, discretizedLogistic, embedding, lstm, mlp, resnet, sizeOf, type Distribution, type NetSpec } from '../dsl/index.js';
import type { DataShape, ZooConfig } from './config.js';

/** Where a block sits in a ResNet ladder: the first reads the data, the last halves again. */
export type BlockPosition = 'first' | 'middle' | 'last';

/**
 * The net between two stochastic layers: an MLP of `depth` x `hidden`, or a
 * ResNet block of M convolutions (BIVA appendix C: 5x5 stride 2 first, 3x3
 * after, stride 2 in the last; top-down blocks upsample where bottom-up ones
 * stride).
 */
export const block = (config: ZooConfig, position: BlockPosition = 'middle', direction: 'up' | 'down' = 'up', inputMap?: readonly number[]): NetSpec => {
  if (config.conv === undefined) return mlp(Array.from({ length: config.depth }, () => config.hidden), { activation: 'elu', dropout: config.dropout });
  const scale = position === 'middle' ? 1 : 2;
  return resnet({
    filters: config.conv.filters,
    layers: config.conv.blockLayers,
    kernel: position === 'first' ? 5 : 3,
    ...(direction === 'up' ? { stride: scale } : { upsample: scale }),
    activation: 'elu',
    dropout: config.dropout,
    ...(inputMap === undefined ? {} : { inputMap }),
  });
};

/** The observed node's distribution for the data: images as maps for ResNets, flat for MLPs; tokens with PAD = 0 masked. */
export const likelihood = (data: DataShape, config: ZooConfig): Distribution => {
  const image = config.conv === undefined ? [sizeOf(data.shape)] : data.shape;
  switch (data.likelihood) {
    case 'bernoulli':
      return bernoulli(image);
    case 'discretized-logistic':
      return discretizedLogistic(data.shape, config.mixtures);
    case 'categorical-tokens':
      return categorical(data.vocabulary ?? 0, data.shape, { padId: 0 });
  }
};

/** The first bottom-up net, over the data: a token embedding and dense layers for text, the first block for images. */
export const dataEncoder = (data: DataShape, config: ZooConfig): NetSpec =>
  data.likelihood === 'categorical-tokens'
    ? embedding(data.vocabulary ?? 0, config.embed, Array.from({ length: config.depth }, () => config.hidden))
    : block(config, 'first');

/** The top-down map a ResNet ladder starts from: the data extent divided by 4 (two stride-2 blocks). */
export const topMap = (data: DataShape, config: ZooConfig): number[] => [
  Math.ceil(data.shape[0] / 4),
  Math.ceil((data.shape[1] ?? 4) / 4),
  config.conv?.filters ?? 0,
];

/** The map at half the data's extent, where the middle of a ResNet ladder lives. */
export const halfMap = (data: DataShape, config: ZooConfig): number[] => [
  Math.ceil(data.shape[0] / 2),
  Math.ceil((data.shape[1] ?? 2) / 2),
  config.conv?.filters ?? 0,
];

/** The net between dense latents alone: always an MLP (latents are dense in every preset). */
export const latentBlock = (config: ZooConfig): NetSpec =>
  mlp(Array.from({ length: config.depth }, () => config.hidden), { activation: 'elu', dropout: config.dropout });

/**
 * The net of p(x | ...): a top-down block back to the data's extent for
 * images (reading dense parents through `halfMap` when no parent is a map),
 * an LSTM decoder or a dense sequence head for text.
 */
export const decoder = (data: DataShape, config: ZooConfig, readsMap: boolean): NetSpec => {
  if (data.likelihood === 'categorical-tokens') {
    return config.lstm === undefined ? latentBlock(config) : lstm({ embed: config.lstm.embed, hidden: config.lstm.hidden, bos: 1 });
  }
  return block(config, 'first', 'down', readsMap ? undefined : halfMap(data, config));
};
