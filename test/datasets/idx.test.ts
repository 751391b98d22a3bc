import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIdx, readIdxFile } from '../../src/datasets/idx.js';
import { idxBytes, leftOf, rightOf, tempDir, writeBytes } from './fixtures.js';

describe('parseIdx', () => {
  it('decodes dimensions and data as a view on the bytes', () => {
    const bytes = idxBytes([2, 3], Uint8Array.from([1, 2, 3, 4, 5, 6]));

    const idx = rightOf(parseIdx('a.idx', bytes));

    expect(idx.dims).toEqual([2, 3]);
    expect(Array.from(idx.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(idx.data.buffer).toBe(bytes.buffer);
  });

  it('reports a wrong magic number, naming the file', () => {
    const bytes = idxBytes([2], Uint8Array.from([1, 2]), [0x12, 0x34, 0x08, 1]);

    const error = leftOf(parseIdx('weird.bin', bytes));

    expect(error.kind).toBe('wrong-magic');
    expect(error.message).toContain('weird.bin');
    expect(error.message).toContain('wrong magic number 0x12 0x34');
  });

  it('reports a 1 MB text file given as IDX in one short line, without its bytes', () => {
    const text = new TextEncoder().encode(`\u001b[31m${'x'.repeat(1_000_000)}`);

    const error = leftOf(parseIdx('words.txt', text));

    expect(error.message).toBe('words.txt: wrong magic number 0x1b 0x5b 0x33 0x31; not an IDX file');
  });

  it('reports truncated data with the promised and actual sizes', () => {
    const bytes = idxBytes([4, 2], Uint8Array.from([1, 2, 3, 4, 5]));

    const error = leftOf(parseIdx('short.idx', bytes));

    expect(error.kind).toBe('truncated');
    expect(error.message).toBe('short.idx: truncated: the header [4, 2] promises 8 bytes of data, the file holds 5');
  });

  it('reports a header cut short', () => {
    const bytes = idxBytes([4, 2], new Uint8Array(8)).subarray(0, 9);

    const error = leftOf(parseIdx('cut.idx', bytes));

    expect(error.kind).toBe('truncated');
    expect(error.message).toContain('promises 2 dimensions');
  });

  it('reports trailing bytes', () => {
    const bytes = idxBytes([2], Uint8Array.from([1, 2, 3]));

    const error = leftOf(parseIdx('long.idx', bytes));

    expect(error.kind).toBe('wrong-length');
    expect(error.message).toContain('1 unexpected trailing bytes');
  });

  it('reports an unsupported element type', () => {
    const bytes = idxBytes([1], new Uint8Array(4), [0, 0, 0x0d, 1]);

    const error = leftOf(parseIdx('float.idx', bytes));

    expect(error.kind).toBe('bad-header');
    expect(error.message).toContain('float32 (0x0d) is not supported');
  });
});

describe('readIdxFile', () => {
  it('reads a gzipped file like a plain one', () => {
    const dir = tempDir();
    const data = Uint8Array.from([9, 8, 7]);
    const plain = writeBytes(dir, 'a.idx', idxBytes([3], data));
    const gzipped = writeBytes(dir, 'a.idx.gz', idxBytes([3], data), true);

    const a = rightOf(readIdxFile(plain));
    const b = rightOf(readIdxFile(gzipped));

    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    expect(Array.from(a.data)).toEqual([9, 8, 7]);
  });

  it('names a missing file and appends the hint', () => {
    const file = join(tempDir(), 'nope.idx');

    const error = leftOf(readIdxFile(file, 'install it'));

    expect(error.kind).toBe('missing-file');
    expect(error.message).toBe(`${file}: file not found; install it`);
  });
});
