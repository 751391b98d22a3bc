/** strata data sets: MNIST, Fashion-MNIST, binarization, the Brown corpus, and seeded resumable batching. */
export { readAmat, readAmatSplits, parseAmat } from './amat.js';
export { createBatcher, labelledRowsAt, type Batch, type Batcher, type BatcherOptions, type BatchPosition, type LabelledRows, type LastBatch } from './batcher.js';
export { bernoulliInto, binarizeSplit, binarizeSplits, STATIC_BINARIZATION_SEED } from './binarize.js';
export { brownDirectory, parseTaggedText, readBrownCorpus, type Sentence } from './brown.js';
export { datasetBatcher, datasetSource, splitTensors, type DatasetBatcherOptions } from './datasetBatches.js';
export {
  type DatasetDescriptor,
  type DatasetName,
  type ImageDatasetDescriptor,
  type Likelihood,
  type TextDatasetDescriptor,
} from './descriptor.js';
export { datasetError, type DatasetError, type DatasetErrorKind } from './error.js';
export { imageSource, textSource, type ExampleSource, type ImageLayout, type PixelEncoding } from './exampleSource.js';
export { FASHION_MNIST_CLASSES, FASHION_MNIST_DIRECTORY, loadFashionMnist } from './fashionMnist.js';
export { parseIdx, readIdxFile, type IdxArray } from './idx.js';
export { classCounts, imageSize, readImageSplit, sliceImageSplit, type ImageFiles, type ImageSplit } from './imageSplit.js';
export { labelledSplit, labelledSubset, type LabelledSplit } from './labelled.js';
export { loadMnist, mnistDirectory } from './mnist.js';
export {
  isDatasetName,
  listDatasets,
  loadDataset,
  type LoadedDataset,
  type LoadedImageDataset,
  type LoadedTextDataset,
  type LoadOptions,
} from './registry.js';
export { SPLITS, type Split, type Splits } from './split.js';
export { buildTextCorpus, TEXT_SPLIT_SEED, type TextCorpus, type TextCorpusOptions, type TextSplit } from './textCorpus.js';
export { BOS, buildVocabulary, decodeSentence, encodeSentence, EOS, PAD, SPECIAL_TOKENS, UNK, type Vocabulary } from './vocabulary.js';
