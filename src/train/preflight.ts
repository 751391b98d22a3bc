/**
 * The run folder checked before any training work, so that a problem shows
 * its real cause at once instead of at the first log write or as a
 * misleading "missing" file: a path that is a file, a folder that cannot be
 * created (EROFS, EACCES, ENOTDIR named as such, level by level, instead of
 * node's recursive mkdir ENOENT), a folder that cannot be listed or written,
 * an existing log that cannot be appended to. On success the temporaries
 * that dead writers left in the folder and its checkpoints are removed.
 */
import { dirname, join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describeIoError, errorCode, realFileSystem, temporaryPathFor, writeSynced, type FileSystem } from '../report/write-file.js';
import { sweepTemporaries } from './temporaries.js';

/** `create`: a new run (the folder may not exist yet); `resume`: continue a run in place; `read`: evaluate or sample an existing run. */
export type RunFolderMode = 'create' | 'resume' | 'read';

/** What the check did: the temporaries of dead writers it removed. */
export interface Preflight {
  readonly dir: string;
  readonly removed: readonly string[];
}

type Check = E.Either<string, void>;
const ok: Check = E.right(undefined);
const cause = (error: unknown): unknown => (error instanceof Error && errorCode(error) === undefined && error.cause !== undefined ? error.cause : error);

/** Whether `path` is a folder (true), absent (false: also when a parent is a file, which `createFolder` then names), or a Left naming what else it is. */
const folderState = (fs: FileSystem, path: string): E.Either<string, boolean> => {
  try {
    return fs.statSync(path).isDirectory() ? E.right(true) : E.left(`${path}: not a folder (a file is in the way)`);
  } catch (error) {
    const code = errorCode(error);
    return code === 'ENOENT' || code === 'ENOTDIR' ? E.right(false) : E.left(`${path}: cannot read (${describeIoError(error)})`);
  }
};

/**
 * Creates `dir` and its missing parents one level at a time (node's recursive
 * mkdir reports ENOENT on a read-only file system), so a Left names the level
 * that failed and its real code: `<level>: cannot create the run folder (EROFS: read-only file system)`.
 */
export const createFolder = (fs: FileSystem, dir: string): E.Either<string, void> => {
  const state = folderState(fs, dir);
  if (E.isLeft(state) || state.right) return E.isLeft(state) ? state : ok;
  if (dirname(dir) !== dir) {
    const parent = createFolder(fs, dirname(dir));
    if (E.isLeft(parent)) return parent;
  }
  try {
    fs.mkdirSync(dir);
    return ok;
  } catch (error) {
    return errorCode(error) === 'EEXIST' ? ok : E.left(`${dir}: cannot create the run folder (${describeIoError(error)})`);
  }
};

const listable = (fs: FileSystem, dir: string): Check => {
  try {
    fs.readdirSync(dir);
    return ok;
  } catch (error) {
    return E.left(`${dir}: cannot read the run folder (${describeIoError(error)})`);
  }
};

/** Writes and removes a probe file in `dir`, so a read-only or full file system shows now. */
const writable = (fs: FileSystem, dir: string): Check => {
  const probe = temporaryPathFor(join(dir, '.preflight'));
  try {
    writeSynced(probe, 'strata preflight\n', fs);
    fs.rmSync(probe, { force: true });
    return ok;
  } catch (error) {
    return E.left(`${dir}: cannot write in the run folder (${describeIoError(cause(error))})`);
  }
};

/** An existing `log.jsonl` must take appends (opened for append, nothing written); an absent one is created later. */
const appendable = (fs: FileSystem, file: string): Check => {
  try {
    fs.statSync(file);
    fs.closeSync(fs.openSync(file, 'a'));
    return ok;
  } catch (error) {
    return errorCode(error) === 'ENOENT' ? ok : E.left(`${file}: cannot append to the log (${describeIoError(error)})`);
  }
};

/** `dir` exists as a folder and can be listed; when absent, the Left is `missing` (or nothing when `missing` is undefined). */
const existing = (fs: FileSystem, dir: string, missing: string | undefined): Check => {
  const state = folderState(fs, dir);
  if (E.isLeft(state)) return state;
  if (state.right) return listable(fs, dir);
  return missing === undefined ? ok : E.left(`${dir}: ${missing}`);
};

/**
 * Checks the run folder `dir` for `mode` before training or evaluation
 * starts, and (for `create` and `resume`) removes the temporaries of dead
 * writers in it and in its checkpoints folder. A Left is one line naming the
 * path and the system's reason (e.g. `runs/a: cannot create the run folder (EROFS: read-only file system)`).
 * `fs` is the file system (tests inject failures).
 */
export const preflightRunFolder = (dir: string, mode: RunFolderMode, fs: FileSystem = realFileSystem): E.Either<string, Preflight> => {
  if (dir.trim() === '') return E.left(`the run folder path is empty`);
  const checkpoints = join(dir, 'checkpoints');
  const checks: Array<() => Check> =
    mode === 'read'
      ? [() => existing(fs, dir, 'no such run folder'), () => existing(fs, checkpoints, undefined)]
      : [
          () => (mode === 'create' ? createFolder(fs, dir) : existing(fs, dir, 'no such run folder')),
          () => listable(fs, dir),
          () => writable(fs, dir),
          () => (mode === 'resume' ? existing(fs, checkpoints, 'no such folder (no checkpoint to resume)') : existing(fs, checkpoints, undefined)),
          () => (mode === 'resume' ? writable(fs, checkpoints) : ok),
          () => appendable(fs, join(dir, 'log.jsonl')),
        ];
  for (const check of checks) {
    const result = check();
    if (E.isLeft(result)) return result;
  }
  if (mode === 'read') return E.right({ dir, removed: [] });
  try {
    return E.right({ dir, removed: [...sweepTemporaries(dir, fs), ...sweepTemporaries(checkpoints, fs)] });
  } catch (error) {
    return E.left((error as Error).message);
  }
};
