/**
 * Fashion-MNIST from the Debian package dataset-fashion-mnist, which installs
 * the four gzipped IDX files in /usr/share/datasets/fashion-mnist. Like MNIST,
 * the last 10000 training images form the validation split.
 */
import type * as E from 'fp-ts/lib/Either.js';
import type { DatasetError } from './error.js';
import { loadIdxImageSet } from './idxImageSet.js';
import type { ImageSplit } from './imageSplit.js';
import type { Splits } from './split.js';

/** Where the Debian package installs Fashion-MNIST. */
export const FASHION_MNIST_DIRECTORY = '/usr/share/datasets/fashion-mnist';

/** The ten Fashion-MNIST class names, by label. */
export const FASHION_MNIST_CLASSES: readonly string[] = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

/** Fashion-MNIST train (50000) / validation (10000) / test (10000) as 8-bit images, from `dir`. */
export const loadFashionMnist = (dir: string = FASHION_MNIST_DIRECTORY): E.Either<DatasetError, Splits<ImageSplit>> =>
  loadIdxImageSet({
    dir,
    trainImages: 'train-images-idx3-ubyte.gz',
    trainLabels: 'train-labels-idx1-ubyte.gz',
    testImages: 't10k-images-idx3-ubyte.gz',
    testLabels: 't10k-labels-idx1-ubyte.gz',
    classes: 10,
    validationCount: 10000,
    missingHint: 'Fashion-MNIST is not installed; run `apt-get install dataset-fashion-mnist` (as root)',
  });
