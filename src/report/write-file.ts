/** Atomic file replacement, so a reader never sees a half-written report. */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `data` to `path` atomically: the bytes go to a temporary file in the
 * same directory, are flushed to disk with fsync, and the file is renamed over
 * `path`. On failure the temporary file is removed and the error, which names
 * `path`, is rethrown; `path` then keeps its previous content (or stays absent).
 */
export const writeFileAtomic = (path: string, data: Uint8Array | string): void => {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`);
  let descriptor: number | undefined;
  try {
    descriptor = openSync(temporary, 'wx');
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(descriptor, bytes, written, bytes.length - written);
    fsyncSync(descriptor);
    closeSync(descriptor);
    descriptor = undefined;
    renameSync(temporary, path);
  } catch (cause) {
    if (descriptor !== undefined) closeSync(descriptor);
    rmSync(temporary, { force: true });
    throw new Error(`writeFileAtomic: cannot write ${path}: ${(cause as Error).message}`, { cause });
  }
};
