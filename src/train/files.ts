/**
 * Durable file writes: every file is written to a temporary name, fsynced
 * and renamed into place, so a reader sees the old content or the new, never
 * a partial one.
 */
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';

/** Writes `data` to `path` and fsyncs it (the file is new or truncated). */
export const writeSynced = (path: string, data: Uint8Array | string): void => {
  const fd = openSync(path, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let offset = 0;
    while (offset < bytes.byteLength) offset += writeSync(fd, bytes, offset, bytes.byteLength - offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

/** Fsyncs a directory, so that renames inside it are durable. */
export const syncDirectory = (path: string): void => {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

/** Replaces `path` atomically with `data` (temporary file, fsync, rename, fsync of the folder). */
export const writeAtomic = (path: string, data: Uint8Array | string): void => {
  const temporary = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  writeSynced(temporary, data);
  renameSync(temporary, path);
  syncDirectory(dirname(path));
};
