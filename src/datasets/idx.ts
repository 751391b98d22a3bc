/**
 * The IDX format of LeCun's MNIST files (also used by Fashion-MNIST):
 * two zero bytes, an element-type byte, a dimension-count byte, one big-endian
 * uint32 per dimension, then the elements in row-major order.
 *
 * Only unsigned-byte elements (type 0x08) are supported, which is what the
 * image and label files hold. The elements are returned as a view on the file
 * bytes, never copied.
 */
import * as E from 'fp-ts/lib/Either.js';
import { datasetError, type DatasetError } from './error.js';
import { readDataFile } from './file.js';

/** A decoded IDX file: its dimensions and its unsigned bytes, row-major. */
export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

const UBYTE = 0x08;
const TYPE_NAMES: Readonly<Record<number, string>> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};

const hex = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;

/** Decodes the IDX bytes of `file`, checking magic, dimensions and length against the header. */
export const parseIdx = (file: string, bytes: Uint8Array): E.Either<DatasetError, IdxArray> => {
  if (bytes.length < 4) {
    return E.left(datasetError('truncated', file, `only ${bytes.length} bytes, too short for an IDX header`));
  }
  const [zero0, zero1, type, rank] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (zero0 !== 0 || zero1 !== 0 || TYPE_NAMES[type] === undefined || rank === 0) {
    const magic = [zero0, zero1, type, rank].map(hex).join(' ');
    return E.left(datasetError('wrong-magic', file, `wrong magic number ${magic}; not an IDX file`));
  }
  if (type !== UBYTE) {
    return E.left(
      datasetError('bad-header', file, `IDX element type ${TYPE_NAMES[type]} (${hex(type)}) is not supported; expected unsigned bytes (0x08)`),
    );
  }
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength) {
    return E.left(datasetError('truncated', file, `the header promises ${rank} dimensions but the file ends after ${bytes.length} bytes`));
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = dims.reduce((a, b) => a * b, 1);
  const actual = bytes.length - headerLength;
  if (actual < expected) {
    return E.left(
      datasetError('truncated', file, `truncated: the header [${dims.join(', ')}] promises ${expected} bytes of data, the file holds ${actual}`),
    );
  }
  if (actual > expected) {
    return E.left(
      datasetError('wrong-length', file, `${actual - expected} unexpected trailing bytes after the ${expected} promised by the header [${dims.join(', ')}]`),
    );
  }
  return E.right({ dims, data: bytes.subarray(headerLength) });
};

/** Reads and decodes an IDX file, plain or gzipped. */
export const readIdxFile = (file: string, missingHint?: string): E.Either<DatasetError, IdxArray> =>
  E.chain((bytes: Uint8Array) => parseIdx(file, bytes))(readDataFile(file, missingHint));
