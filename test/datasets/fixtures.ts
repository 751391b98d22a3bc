/** Helpers that write small data files into a fresh temporary directory for the data-set tests. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as E from 'fp-ts/lib/Either.js';

/** A new empty temporary directory. */
export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'strata-datasets-'));

/** The bytes of an unsigned-byte IDX file with `dims` and `data` (magic bytes overridable). */
export const idxBytes = (dims: readonly number[], data: Uint8Array, magic: readonly number[] = [0, 0, 0x08, dims.length]): Uint8Array => {
  const header = new Uint8Array(4 + 4 * dims.length);
  header.set(magic, 0);
  const view = new DataView(header.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  const out = new Uint8Array(header.length + data.length);
  out.set(header, 0);
  out.set(data, header.length);
  return out;
};

/** Writes `bytes` (gzipped when `gzip`) to `dir/name` and returns the path. */
export const writeBytes = (dir: string, name: string, bytes: Uint8Array, gzip = false): string => {
  const path = join(dir, name);
  writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
  return path;
};

/** `count` images of 28 x 28 whose pixel k of image i is (i + k) mod 256, and labels i mod 10. */
export const syntheticImages = (count: number): { pixels: Uint8Array; labels: Uint8Array } => ({
  pixels: Uint8Array.from({ length: count * 784 }, (_, j) => (Math.floor(j / 784) + (j % 784)) % 256),
  labels: Uint8Array.from({ length: count }, (_, i) => i % 10),
});

/** Writes the four IDX files of a small MNIST-like set (train `trainCount`, test `testCount` images) into `dir`. */
export const writeIdxImageSet = (dir: string, trainCount: number, testCount: number, gzip = false): void => {
  const suffix = gzip ? '.gz' : '';
  const train = syntheticImages(trainCount);
  const test = syntheticImages(testCount);
  writeBytes(dir, `train-images-idx3-ubyte${suffix}`, idxBytes([trainCount, 28, 28], train.pixels), gzip);
  writeBytes(dir, `train-labels-idx1-ubyte${suffix}`, idxBytes([trainCount], train.labels), gzip);
  writeBytes(dir, `t10k-images-idx3-ubyte${suffix}`, idxBytes([testCount, 28, 28], test.pixels), gzip);
  writeBytes(dir, `t10k-labels-idx1-ubyte${suffix}`, idxBytes([testCount], test.labels), gzip);
};

/** The text of a binary `.amat` file: one line of 0/1 values per row of `rows`. */
export const amatText = (rows: readonly (readonly number[])[]): string => rows.map((r) => r.join(' ')).join('\n') + '\n';

/** A 784-value 0/1 row with ones where k mod `period` is 0. */
export const amatRow = (period: number): number[] => Array.from({ length: 784 }, (_, k) => (k % period === 0 ? 1 : 0));

/** The error of a Left, failing the test on a Right. */
export const leftOf = <L, A>(result: E.Either<L, A>): L => {
  if (E.isRight(result)) throw new Error('expected an error, got a value');
  return result.left;
};

/** The value of a Right, failing the test (with the error's message) on a Left. */
export const rightOf = <A>(result: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected a value, got: ${result.left.message}`);
  return result.right;
};

/** Writes a tiny tagged corpus (files ca01 and ca02) of `sentences` sentences into a new directory. */
export const writeTaggedCorpus = (sentences: number): string => {
  const dir = tempDir();
  const line = (i: number): string => `\tThe/at cat/nn number/nn ${i}/cd sat/vbd ./.`;
  const half = Math.ceil(sentences / 2);
  writeFileSync(join(dir, 'ca01'), Array.from({ length: half }, (_, i) => line(i)).join('\n\n'));
  writeFileSync(join(dir, 'ca02'), Array.from({ length: sentences - half }, (_, i) => line(half + i)).join('\n\n'));
  return dir;
};
