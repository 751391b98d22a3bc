/**
 * Durable file writes for checkpoints: files written and fsynced, folders
 * fsynced so that renames inside them survive a crash. Atomic replacement of
 * one file is `writeFileAtomic` (src/report/write-file.ts).
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';

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
