import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import { temporaryPathFor, temporaryWriterPid, writeFileAtomic, writeSynced, type FileSystem } from '../../src/report/write-file.js';

/** The real file system whose writes fail with ENOSPC (a full disk). */
const fullDisk = { ...fs, writeSync: () => {
  throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
} } as unknown as FileSystem;

const freshDir = (): string => mkdtempSync(join(tmpdir(), 'strata-report-'));

describe('writeFileAtomic', () => {
  it('writes the bytes and leaves no temporary file', () => {
    const dir = freshDir();
    const path = join(dir, 'grid.png');

    writeFileAtomic(path, new Uint8Array([1, 2, 3]));

    expect(Array.from(readFileSync(path))).toEqual([1, 2, 3]);
    expect(readdirSync(dir)).toEqual(['grid.png']);
  });

  it('replaces an existing file whole', () => {
    const dir = freshDir();
    const path = join(dir, 'report.json');
    writeFileSync(path, 'an older and longer content');

    writeFileAtomic(path, '{}');

    expect(readFileSync(path, 'utf8')).toBe('{}');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('fails naming the path, without debris, when the directory does not exist', () => {
    const dir = freshDir();
    const path = join(dir, 'missing', 'chart.png');

    expect(() => writeFileAtomic(path, 'x')).toThrow(`${path}: cannot write (`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('removes the temporary file and leaves the target untouched when the rename fails', () => {
    const dir = freshDir();
    const path = join(dir, 'out');
    mkdirSync(path);
    writeFileSync(join(path, 'inside'), 'old');

    expect(() => writeFileAtomic(path, 'new')).toThrow(`${path}: cannot write (`);
    expect(readdirSync(dir)).toEqual(['out']);
    expect(readFileSync(join(path, 'inside'), 'utf8')).toBe('old');
  });

  it('on a full disk names the file and the cause, and leaves neither debris nor a changed target', () => {
    const dir = freshDir();
    const path = join(dir, 'eval.json');
    writeFileSync(path, 'old');

    expect(() => writeFileAtomic(path, 'new', fullDisk)).toThrow(`${path}: cannot write (ENOSPC: no space left on device)`);
    expect(() => writeSynced(join(dir, 'weights.bin'), 'new', fullDisk)).toThrow(`${join(dir, 'weights.bin')}: cannot write (ENOSPC: no space left on device)`);
    expect(readdirSync(dir)).toEqual(['eval.json']);
    expect(readFileSync(path, 'utf8')).toBe('old');
  });

  it('names its temporary files after the writer, so a later start can tell a dead writer\'s', () => {
    const name = temporaryPathFor('/runs/a/latest.json').split('/').pop()!;

    expect(name).toMatch(/^\.latest\.json\.\d+\.\d+\.[0-9a-z]*\.tmp$/);
    expect(temporaryWriterPid(name)).toBe(process.pid);
    expect(temporaryWriterPid('latest.json')).toBeUndefined();
  });
});
