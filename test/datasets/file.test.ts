import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { maybeGunzip, readDataFile } from '../../src/datasets/file.js';
import { leftOf, rightOf, tempDir, writeBytes } from './fixtures.js';

describe('maybeGunzip', () => {
  it('passes plain bytes through untouched', () => {
    const bytes = Uint8Array.from([0, 0, 8, 1]);

    const out = rightOf(maybeGunzip('plain', bytes));

    expect(out).toBe(bytes);
  });

  it('reports a truncated gzip stream as truncated, naming the file', () => {
    const gz = gzipSync(new Uint8Array(10000).fill(7));
    const cut = gz.subarray(0, gz.length - 20);

    const error = leftOf(maybeGunzip('data.gz', cut));

    expect(error.kind).toBe('truncated');
    expect(error.message).toBe('data.gz: the gzip stream ends early (the file is truncated)');
  });

  it('reports a corrupt gzip stream as unreadable', () => {
    const gz = Uint8Array.from(gzipSync(new Uint8Array(100)));
    gz.fill(0xff, 10, 20);

    const error = leftOf(maybeGunzip('bad.gz', gz));

    expect(error.kind).toBe('unreadable-file');
    expect(error.message).toContain('bad.gz: not a valid gzip stream');
  });
});

describe('readDataFile', () => {
  it('returns the decompressed content of a gzipped file', () => {
    const file = writeBytes(tempDir(), 'x.gz', Uint8Array.from([1, 2, 3]), true);

    const bytes = rightOf(readDataFile(file));

    expect(Array.from(bytes)).toEqual([1, 2, 3]);
  });

  it('reports a directory as unreadable', () => {
    const dir = tempDir();

    const error = leftOf(readDataFile(dir));

    expect(error.kind).toBe('unreadable-file');
    expect(error.message).toContain(`${dir}: cannot read the file`);
  });

  it('escapes control characters of a file name in the message (no terminal codes, one line)', () => {
    const file = join(tempDir(), 'evil\u001b[2J\nname.idx');

    const error = leftOf(readDataFile(file));

    expect(error.message).toBe(`${file.replace('\u001b', '\\x1b').replace('\n', '\\n')}: file not found`);
    expect(error.subject).toBe(file);
  });
});
