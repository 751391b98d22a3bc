/**
 * Debris of killed writers in a run folder: the temporary files of
 * `writeFileAtomic` (`.<name>.<pid>.<ms>.<random>.tmp`) and the temporary
 * folders of `saveCheckpoint` (`.tmp-step-<step>-<ms base 36, 8 digits><pid base 36>`).
 * Both names carry the writer's process id; a temporary whose writer is
 * still alive (another process saving into the same folder) is kept, one
 * whose writer is dead, or whose name carries no process id, is removed.
 */
import { join } from 'node:path';
import { ioError, realFileSystem, temporaryWriterPid, type FileSystem } from '../report/write-file.js';

const CHECKPOINT_TEMPORARY = /^\.tmp-step-\d+-([0-9a-z]+)$/;
const TIME_DIGITS = 8;

/** True when a process with id `pid` exists (signal 0 probes without signalling; EPERM means it exists under another user). */
export const isProcessAlive = (pid: number): boolean => {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
};

/** The writer's process id of a checkpoint temporary folder name, or undefined (not one, or a name without a pid). */
export const checkpointWriterPid = (name: string): number | undefined => {
  const match = CHECKPOINT_TEMPORARY.exec(name);
  if (match === null || match[1].length <= TIME_DIGITS) return undefined;
  return parseInt(match[1].slice(TIME_DIGITS), 36);
};

/** True for a name `sweepTemporaries` considers (a temporary file of `writeFileAtomic` or a checkpoint temporary folder). */
export const isTemporaryName = (name: string): boolean => temporaryWriterPid(name) !== undefined || name.startsWith('.tmp-step-');

/**
 * Removes from `dir` every temporary whose writer is dead and returns the
 * removed paths. A missing folder holds none; a folder that cannot be read
 * or a temporary that cannot be removed throws an `ioError` naming it.
 */
export const sweepTemporaries = (dir: string, fs: FileSystem = realFileSystem): string[] => {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return [];
    throw ioError(dir, 'list the folder', error);
  }
  const removed: string[] = [];
  for (const name of entries.filter(isTemporaryName)) {
    const pid = temporaryWriterPid(name) ?? checkpointWriterPid(name);
    if (pid !== undefined && isProcessAlive(pid)) continue;
    const path = join(dir, name);
    try {
      fs.rmSync(path, { recursive: true, force: true });
    } catch (error) {
      throw ioError(path, 'remove the temporary left by a killed writer', error);
    }
    removed.push(path);
  }
  return removed;
};
