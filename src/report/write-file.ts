/**
 * strata's one durable file writer (reports, run folders, checkpoints):
 * atomic replacement of a file, fsynced writes of new files, fsynced
 * folders, and the name of the temporary file a writer uses, so that the
 * next start can recognize (and remove) what a killed writer left. Every
 * failure is an Error whose message names the file and the system's code,
 * e.g. `runs/a/checkpoints/latest.json: cannot write (ENOSPC: no space left on device)`.
 * The file system is a parameter, so tests can inject ENOSPC, EROFS or EACCES.
 */
import * as nodeFs from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The synchronous node:fs calls strata's run-folder code uses; tests pass a copy with failing members. */
export type FileSystem = Pick<
  typeof nodeFs,
  'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'rmSync' | 'mkdirSync' | 'readdirSync' | 'readFileSync' | 'statSync' | 'realpathSync'
>;

/** The real file system. */
export const realFileSystem: FileSystem = nodeFs;

/** The system error code of `error` (`ENOSPC`, `EACCES`, ...), or undefined. */
export const errorCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;

/** `code: description` of a system error without node's trailing `, syscall 'path'` (the caller names the path). */
export const describeIoError = (error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error);
  const code = errorCode(error);
  return code !== undefined && message.startsWith(`${code}:`) ? message.replace(/, [a-z]+( '.*')?$/, '') : message;
};

/** An Error `path: cannot <action> (<code>: <description>)` with `cause` attached. */
export const ioError = (path: string, action: string, cause: unknown): Error =>
  new Error(`${path}: cannot ${action} (${describeIoError(cause)})`, { cause });

const writeAll = (fs: FileSystem, descriptor: number, data: Uint8Array | string): void => {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let written = 0;
  while (written < bytes.byteLength) written += fs.writeSync(descriptor, bytes, written, bytes.byteLength - written);
  fs.fsyncSync(descriptor);
};

/**
 * Writes `data` to the new (or truncated) file `path` and fsyncs it. On
 * failure the file is removed and an `ioError` naming `path` is thrown.
 */
export const writeSynced = (path: string, data: Uint8Array | string, fs: FileSystem = realFileSystem): void => {
  let descriptor: number | undefined;
  try {
    descriptor = fs.openSync(path, 'w');
    writeAll(fs, descriptor, data);
    fs.closeSync(descriptor);
  } catch (cause) {
    if (descriptor !== undefined) fs.closeSync(descriptor);
    fs.rmSync(path, { force: true });
    throw ioError(path, 'write', cause);
  }
};

/** Fsyncs the folder `path`, so that renames inside it are durable; throws an `ioError` naming it. */
export const syncDirectory = (path: string, fs: FileSystem = realFileSystem): void => {
  let descriptor: number | undefined;
  try {
    descriptor = fs.openSync(path, 'r');
    fs.fsyncSync(descriptor);
  } catch (cause) {
    throw ioError(path, 'sync the folder', cause);
  } finally {
    if (descriptor !== undefined) fs.closeSync(descriptor);
  }
};

const TEMPORARY = /^\..+\.(\d+)\.\d+\.[0-9a-z]*\.tmp$/;

/** The temporary name `writeFileAtomic` uses for `path`: `.<name>.<pid>.<ms>.<random>.tmp` in the same folder. */
export const temporaryPathFor = (path: string): string =>
  join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`);

/** The writer's process id if `name` is a temporary file name of `writeFileAtomic`, else undefined. */
export const temporaryWriterPid = (name: string): number | undefined => {
  const match = TEMPORARY.exec(name);
  return match === null ? undefined : Number(match[1]);
};

/**
 * Writes `data` to `path` atomically: the bytes go to a temporary file in the
 * same folder (`temporaryPathFor`), are flushed with fsync, and the file is
 * renamed over `path`. On failure the temporary file is removed and an
 * `ioError` naming `path` is thrown; `path` keeps its previous content (or
 * stays absent). A process killed mid-write leaves the temporary file,
 * which `sweepTemporaries` (src/train/temporaries.ts) removes on the next start.
 */
export const writeFileAtomic = (path: string, data: Uint8Array | string, fs: FileSystem = realFileSystem): void => {
  const temporary = temporaryPathFor(path);
  let descriptor: number | undefined;
  try {
    descriptor = fs.openSync(temporary, 'wx');
    writeAll(fs, descriptor, data);
    fs.closeSync(descriptor);
    descriptor = undefined;
    fs.renameSync(temporary, path);
  } catch (cause) {
    if (descriptor !== undefined) fs.closeSync(descriptor);
    fs.rmSync(temporary, { force: true });
    throw ioError(path, 'write', cause);
  }
};
