/**
 * Typed descriptions of the data sets strata knows, for the command line and
 * for models: shape, classes, the likelihood the data suits, and the data
 * dimension d used to turn nats into bits per dimension.
 */
import type { PixelEncoding } from './exampleSource.js';
import type { Splits } from './split.js';

/** The names of the built-in data sets. */
export type DatasetName =
  | 'mnist-dyn'
  | 'mnist-static'
  | 'mnist-threshold'
  | 'mnist-8bit'
  | 'fashion-mnist'
  | 'fashion-mnist-threshold'
  | 'fashion-mnist-8bit'
  | 'brown';

/** The observation likelihood a data set is meant for. */
export type Likelihood = 'bernoulli' | 'discretized-logistic' | 'categorical-tokens';

/** What every data set descriptor says, whether or not the data set is loaded. */
interface DescriptorFields {
  readonly name: DatasetName;
  /** One line for listings. */
  readonly title: string;
  /** Shape of one example: [28, 28, 1] for images, [maxTokens + 1] for sentences (words, EOS, padded; no BOS). */
  readonly shape: readonly number[];
  readonly likelihood: Likelihood;
  /** Data dimension d of one example (bits/dim = nats / (d ln 2)). */
  readonly dimension: number;
  /** Number of examples per split. */
  readonly sizes: Splits<number>;
  /** Where the data comes from (package to install). */
  readonly source: string;
}

/** An image data set: how its stored bytes become pixels, and its classes when labelled. */
export interface ImageDatasetDescriptor extends DescriptorFields {
  readonly kind: 'image';
  readonly encoding: PixelEncoding;
  /** Number of classes, when examples are labelled. */
  readonly classes?: number;
}

/** A sentence data set of token ids. */
export interface TextDatasetDescriptor extends DescriptorFields {
  readonly kind: 'text';
  readonly encoding: 'tokens';
  /** Vocabulary size, special tokens included. */
  readonly vocabularySize: number;
}

/** What a data set is: shape, classes, likelihood, data dimension, split sizes. */
export type DatasetDescriptor = ImageDatasetDescriptor | TextDatasetDescriptor;
