/**
 * Reader for the `.amat` text files of Larochelle & Murray's binarized MNIST
 * (binarized_mnist_train.amat, _valid.amat, _test.amat: 50000 / 10000 / 10000
 * lines of 784 space-separated 0/1 values, no labels). strata cannot ship
 * them; users who have them can point `loadDataset('mnist-static', { amatDir })`
 * at their directory. Gzipped files are accepted too.
 */
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { datasetError, quoteInput, type DatasetError } from './error.js';
import { readDataFile } from './file.js';
import type { ImageSplit } from './imageSplit.js';
import type { Splits } from './split.js';

const SPACE = 0x20;
const TAB = 0x09;
const ZERO = 0x30;
const ONE = 0x31;

const scanLine = (file: string, line: string, lineNumber: number, columns: number, out: Uint8Array, offset: number): E.Either<DatasetError, void> => {
  let count = 0;
  let i = 0;
  while (i < line.length) {
    const c = line.charCodeAt(i);
    if (c === SPACE || c === TAB) {
      i += 1;
      continue;
    }
    let end = i;
    while (end < line.length && line.charCodeAt(end) !== SPACE && line.charCodeAt(end) !== TAB) end += 1;
    if (end - i !== 1 || (c !== ZERO && c !== ONE)) {
      return E.left(datasetError('bad-value', file, `line ${lineNumber}, value ${count + 1}: expected 0 or 1, found ${quoteInput(line.slice(i, end))}`));
    }
    if (count < columns) out[offset + count] = c - ZERO;
    count += 1;
    i = end;
  }
  return count === columns
    ? E.right(undefined)
    : E.left(datasetError('wrong-length', file, `line ${lineNumber} has ${count} values, expected ${columns}`));
};

/** Decodes the text of a binary `.amat` file of `height` x `width` images into an unlabelled image split. */
export const parseAmat = (file: string, text: string, height = 28, width = 28): E.Either<DatasetError, ImageSplit> => {
  const lines = text.split('\n').map((l) => l.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return E.left(datasetError('truncated', file, 'the file holds no images'));
  const columns = height * width;
  const pixels = new Uint8Array(lines.length * columns);
  for (let row = 0; row < lines.length; row++) {
    const scanned = scanLine(file, lines[row], row + 1, columns, pixels, row * columns);
    if (E.isLeft(scanned)) return scanned;
  }
  return E.right({ count: lines.length, height, width, pixels });
};

/** Reads a binary `.amat` file (plain or gzipped). */
export const readAmat = (file: string, height = 28, width = 28): E.Either<DatasetError, ImageSplit> =>
  pipe(
    readDataFile(file),
    E.chain((bytes) => parseAmat(file, new TextDecoder().decode(bytes), height, width)),
  );

/** The three Larochelle files in `dir`: binarized_mnist_{train,valid,test}.amat. */
export const readAmatSplits = (dir: string): E.Either<DatasetError, Splits<ImageSplit>> =>
  pipe(
    E.Do,
    E.bind('train', () => readAmat(join(dir, 'binarized_mnist_train.amat'))),
    E.bind('validation', () => readAmat(join(dir, 'binarized_mnist_valid.amat'))),
    E.bind('test', () => readAmat(join(dir, 'binarized_mnist_test.amat'))),
  );
