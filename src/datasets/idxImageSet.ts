/**
 * An image set distributed as the four classic IDX files (training images and
 * labels, test images and labels). The validation split is the last
 * `validationCount` training images, as is usual for MNIST; it is a view on
 * the training pixels, not a copy.
 */
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { datasetError, type DatasetError } from './error.js';
import { readImageSplit, sliceImageSplit, type ImageSplit } from './imageSplit.js';
import type { Splits } from './split.js';

/** Where the four IDX files are and how to split them. */
export interface IdxImageSetFiles {
  readonly dir: string;
  readonly trainImages: string;
  readonly trainLabels: string;
  readonly testImages: string;
  readonly testLabels: string;
  readonly classes: number;
  /** Number of training images held out (the last ones) as the validation split. */
  readonly validationCount: number;
  /** Appended to the message when a file is missing (e.g. how to install it). */
  readonly missingHint?: string;
}

/** Loads train / validation / test image splits from four IDX files. */
export const loadIdxImageSet = (files: IdxImageSetFiles): E.Either<DatasetError, Splits<ImageSplit>> => {
  const read = (images: string, labels: string): E.Either<DatasetError, ImageSplit> =>
    readImageSplit({
      images: join(files.dir, images),
      labels: join(files.dir, labels),
      classes: files.classes,
      missingHint: files.missingHint,
    });
  return pipe(
    E.Do,
    E.bind('full', () => read(files.trainImages, files.trainLabels)),
    E.bind('test', () => read(files.testImages, files.testLabels)),
    E.chain(({ full, test }) =>
      full.count > files.validationCount
        ? E.right({
            train: sliceImageSplit(full, 0, full.count - files.validationCount),
            validation: sliceImageSplit(full, full.count - files.validationCount, full.count),
            test,
          })
        : E.left(
            datasetError(
              'count-mismatch',
              join(files.dir, files.trainImages),
              `holds ${full.count} images, not more than the ${files.validationCount} needed for validation`,
            ),
          ),
    ),
  );
};
