/**
 * One split of a labelled grey-scale image set, kept compactly: all pixels of
 * the split in one Uint8Array (row-major, image after image) and one label
 * byte per image. Slicing a split makes views, never copies.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { datasetError, type DatasetError } from './error.js';
import { readIdxFile, type IdxArray } from './idx.js';

/**
 * A split of `count` images of `height` x `width` x 1 pixels (bytes 0..255,
 * or 0/1 once binarized), with one class label per image when the source has labels.
 */
export interface ImageSplit {
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly pixels: Uint8Array;
  readonly labels?: Uint8Array;
}

/** Number of pixels in one image of `split`. */
export const imageSize = (split: Pick<ImageSplit, 'height' | 'width'>): number => split.height * split.width;

/** Images `start` (inclusive) to `end` (exclusive) of `split`, as views on the same memory. */
export const sliceImageSplit = (split: ImageSplit, start: number, end: number): ImageSplit => {
  const size = imageSize(split);
  return {
    count: end - start,
    height: split.height,
    width: split.width,
    pixels: split.pixels.subarray(start * size, end * size),
    labels: split.labels?.subarray(start, end),
  };
};

/** Number of occurrences of each class 0..classes-1 in `labels`. */
export const classCounts = (labels: Uint8Array, classes: number): number[] => {
  const counts = new Array<number>(classes).fill(0);
  for (const label of labels) counts[label] += 1;
  return counts;
};

const checkRank = (file: string, idx: IdxArray, rank: number, what: string): E.Either<DatasetError, IdxArray> =>
  idx.dims.length === rank
    ? E.right(idx)
    : E.left(datasetError('bad-header', file, `expected ${what} with ${rank} dimension(s), found [${idx.dims.join(', ')}]`));

const checkLabels = (file: string, labels: Uint8Array, classes: number): E.Either<DatasetError, Uint8Array> => {
  const bad = labels.findIndex((l) => l >= classes);
  return bad < 0
    ? E.right(labels)
    : E.left(datasetError('bad-value', file, `label ${labels[bad]} at index ${bad} is outside 0..${classes - 1}`));
};

/** Where an image split lives on disk and what it must hold. */
export interface ImageFiles {
  readonly images: string;
  readonly labels: string;
  readonly classes: number;
  /** Appended to the message when a file is missing (e.g. how to install it). */
  readonly missingHint?: string;
}

/** Reads an IDX image file and its IDX label file, checking that they agree. */
export const readImageSplit = (files: ImageFiles): E.Either<DatasetError, ImageSplit> =>
  pipe(
    E.Do,
    E.bind('images', () => pipe(readIdxFile(files.images, files.missingHint), E.chain((idx) => checkRank(files.images, idx, 3, 'images')))),
    E.bind('labels', () => pipe(readIdxFile(files.labels, files.missingHint), E.chain((idx) => checkRank(files.labels, idx, 1, 'labels')))),
    E.chain(({ images, labels }) =>
      images.dims[0] === labels.dims[0]
        ? E.right({ images, labels })
        : E.left(
            datasetError(
              'count-mismatch',
              files.labels,
              `holds ${labels.dims[0]} labels but ${files.images} holds ${images.dims[0]} images`,
            ),
          ),
    ),
    E.chain(({ images, labels }) =>
      pipe(
        checkLabels(files.labels, labels.data, files.classes),
        E.map((checked) => ({
          count: images.dims[0],
          height: images.dims[1],
          width: images.dims[2],
          pixels: images.data,
          labels: checked,
        })),
      ),
    ),
  );
