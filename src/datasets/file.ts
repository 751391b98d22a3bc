/**
 * Reading a data file from disk, transparently gunzipping it when it starts
 * with the gzip magic bytes. File-system failures become `DatasetError`s.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as E from 'fp-ts/lib/Either.js';
import { datasetError, type DatasetError } from './error.js';

const isGzip = (bytes: Uint8Array): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

const errorCode = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Decompresses `bytes` if they are a gzip stream; a broken stream is reported against `file`. */
export const maybeGunzip = (file: string, bytes: Uint8Array): E.Either<DatasetError, Uint8Array> => {
  if (!isGzip(bytes)) return E.right(bytes);
  try {
    return E.right(gunzipSync(bytes));
  } catch (e) {
    return errorCode(e) === 'Z_BUF_ERROR'
      ? E.left(datasetError('truncated', file, 'the gzip stream ends early (the file is truncated)'))
      : E.left(datasetError('unreadable-file', file, `not a valid gzip stream (${errorText(e)})`));
  }
};

/**
 * The bytes of `file`, decompressed when gzipped. A missing file gives a
 * 'missing-file' error whose message ends with `hint` when one is given.
 */
export const readDataFile = (file: string, hint?: string): E.Either<DatasetError, Uint8Array> => {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (e) {
    return errorCode(e) === 'ENOENT'
      ? E.left(datasetError('missing-file', file, `file not found${hint === undefined ? '' : `; ${hint}`}`))
      : E.left(datasetError('unreadable-file', file, `cannot read the file (${errorText(e)})`));
  }
  return maybeGunzip(file, raw);
};
