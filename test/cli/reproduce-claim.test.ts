import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyReason, claimRun, heldBy } from '../../src/cli/reproduce-claim.js';

const root = mkdtempSync(join(tmpdir(), 'strata-reproduce-claim-'));
/** A live process whose command line names reproduce, as a `strata reproduce` does, and one that does not. */
let [other, foreignProcess]: ChildProcess[] = [];
beforeAll(() => {
  other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)', 'reproduce']);
  foreignProcess = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)', 'something-else']);
});
afterAll(() => {
  other.kill();
  foreignProcess.kill();
  rmSync(root, { recursive: true, force: true });
});

/** A run folder holding `pid` (or nothing) in its pid file. */
const folder = (name: string, pid?: string): string => {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  if (pid !== undefined) writeFileSync(join(dir, 'reproduce.pid'), pid);
  return dir;
};

const pidOf = (dir: string): string => readFileSync(join(dir, 'reproduce.pid'), 'utf8').trim();

describe('claiming a run folder of reproduce', () => {
  it('claims a free folder (creating it) and a folder it holds already', () => {
    // Arrange
    const dir = join(root, 'free', 'run');
    // Act / Assert
    expect(claimRun(dir)).toBeUndefined();
    expect(pidOf(dir)).toBe(String(process.pid));
    expect(claimRun(dir)).toBeUndefined();
  });

  it('leaves a run to another live reproduce, naming its pid', () => {
    // Arrange
    const dir = folder('held', `${other.pid}\n`);
    // Act
    const held = claimRun(dir);
    // Assert
    expect(held?.byReproduce).toBe(true);
    expect(held?.reason).toContain(`reproduce process ${other.pid} holds it`);
    expect(pidOf(dir)).toBe(String(other.pid));
  });

  it('replaces a dead pid and a live pid of another program (a reused pid holds nothing)', () => {
    // Arrange
    const dead = folder('dead', '999999999\n');
    const foreign = folder('foreign', `${foreignProcess.pid}\n`);
    // Act / Assert
    expect(claimRun(dead)).toBeUndefined();
    expect(pidOf(dead)).toBe(String(process.pid));
    expect(claimRun(foreign)).toBeUndefined();
    expect(pidOf(foreign)).toBe(String(process.pid));
  });

  it('treats an empty pid file as a claim in progress', () => {
    // Arrange
    const dir = folder('claiming', '');
    // Act / Assert
    expect(heldBy(dir)?.reason).toContain('another reproduce is claiming it');
  });

  it('refuses, as not a reproduce, a run without a pid file whose log was written in the last five minutes', () => {
    // Arrange
    const dir = folder('by-hand');
    writeFileSync(join(dir, 'log.jsonl'), '{}\n');
    // Act
    const held = claimRun(dir);
    // Assert
    expect(held?.byReproduce).toBe(false);
    expect(busyReason(dir)).toContain('another process seems to be training it');
    expect(busyReason(dir, Date.now() + 400_000)).toBeUndefined();
  });
});
