/**
 * Who holds a run folder of `strata reproduce`: the process whose pid is
 * in its reproduce.pid, as long as that process lives and is a reproduce
 * (where /proc tells: a reused pid of another program holds nothing). A
 * reproduce process keeps every run it claimed until it exits (training,
 * evaluating or done with it), so two processes of one experiment never
 * work on one run. A run started by hand with `strata train` has no pid
 * file; a log.jsonl written within BUSY_SECONDS then means it is busy.
 */
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Seconds within which a log.jsonl write means another process is training the run (a medium run logs every 500 steps, about 100 s on a busy machine). */
const BUSY_SECONDS = 300;

/** The pid file of a run folder. */
const pidFileOf = (dir: string): string => join(dir, 'reproduce.pid');

/** The pid in a pid file (NaN while it is empty or not a number). */
const pidIn = (pidFile: string): number => Number(readFileSync(pidFile, 'utf8').trim() || Number.NaN);

/** Whether process `pid` is alive and, where /proc/PID/cmdline can be read, a `reproduce`. */
const liveReproduce = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('reproduce');
  } catch {
    return true;
  }
};

/**
 * Why the run in `dir` must not be worked on by this process now, or
 * undefined: another live reproduce holds it (`byReproduce`; a dead,
 * foreign or our own pid means nobody), or, without a pid file (a run
 * started by hand), its log.jsonl was written within BUSY_SECONDS.
 */
export const heldBy = (dir: string, now: number = Date.now()): { readonly reason: string; readonly byReproduce: boolean } | undefined => {
  const pidFile = pidFileOf(dir);
  if (existsSync(pidFile)) {
    const pid = pidIn(pidFile);
    if (Number.isNaN(pid)) return { reason: `${dir}: another reproduce is claiming it (${pidFile})`, byReproduce: true };
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && liveReproduce(pid)
      ? { reason: `${dir}: reproduce process ${pid} holds it (training, evaluating or done with it; ${pidFile})`, byReproduce: true }
      : undefined;
  }
  const log = join(dir, 'log.jsonl');
  if (!existsSync(log)) return undefined;
  const age = (now - statSync(log).mtimeMs) / 1000;
  return age < BUSY_SECONDS
    ? { reason: `${dir}: its log.jsonl was written ${age.toFixed(0)} s ago: another process seems to be training it; let it finish (or stop it) and run reproduce again`, byReproduce: false }
    : undefined;
};

/** {@link heldBy}'s reason alone. */
export const busyReason = (dir: string, now: number = Date.now()): string | undefined => heldBy(dir, now)?.reason;

/** Creates `pidFile` holding our pid, atomically with its content (a hard link of a written temporary file); false when it exists. */
const createPidFile = (pidFile: string): boolean => {
  const tmp = `${pidFile}.${process.pid}.tmp`;
  writeFileSync(tmp, `${process.pid}\n`);
  try {
    linkSync(tmp, pidFile);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    rmSync(tmp, { force: true });
  }
};

/**
 * Claims the run in `dir` (created if missing) for this process until it
 * exits: undefined when this process holds it now, else {@link heldBy}'s
 * answer. Of two processes that find a run free at the same moment one
 * creates the pid file and the other is told who holds it. A dead or
 * foreign pid is replaced (two processes replacing the same dead pid at the
 * same moment could both win: start processes a second apart). Throws on
 * file-system errors.
 */
export const claimRun = (dir: string, now: number = Date.now()): { readonly reason: string; readonly byReproduce: boolean } | undefined => {
  const held = heldBy(dir, now);
  if (held !== undefined) return held;
  mkdirSync(dir, { recursive: true });
  const pidFile = pidFileOf(dir);
  if (createPidFile(pidFile) || pidIn(pidFile) === process.pid) return undefined;
  const other = heldBy(dir, now);
  if (other !== undefined) return other;
  rmSync(pidFile, { force: true });
  return createPidFile(pidFile) ? undefined : heldBy(dir, now) ?? { reason: `${dir}: claimed by another process at the same moment (${pidFile})`, byReproduce: true };
};
