import * as fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileSystem } from '../../src/report/write-file.js';
import { preflightRunFolder } from '../../src/train/preflight.js';

const folders: string[] = [];
const fresh = (): string => {
  const d = fs.mkdtempSync(join(tmpdir(), 'strata-preflight-'));
  folders.push(d);
  return d;
};
afterEach(() => folders.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const MESSAGES: Record<string, string> = { EROFS: 'read-only file system', EACCES: 'permission denied', ENOSPC: 'no space left on device' };
/** The real file system, except that `member` throws the system error `code` for paths that `when` accepts. */
const failing = (member: 'mkdirSync' | 'openSync' | 'readdirSync', code: string, when: (path: string) => boolean = () => true): FileSystem => {
  const real = fs[member] as (...args: unknown[]) => unknown;
  const replaced = (...args: unknown[]): unknown => {
    if (when(String(args[0]))) throw Object.assign(new Error(`${code}: ${MESSAGES[code]}, ${member.replace('Sync', '')} '${String(args[0])}'`), { code });
    return real(...args);
  };
  return { ...fs, [member]: replaced } as FileSystem;
};
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid ?? 999_999_999;
const leftOf = <A>(r: E.Either<string, A>): string => (E.isLeft(r) ? r.left : 'a Right');

describe('preflightRunFolder', () => {
  it('creates a new run folder and its parents', () => {
    const dir = join(fresh(), 'runs', 'a');

    const result = preflightRunFolder(dir, 'create');

    expect(E.isRight(result)).toBe(true);
    expect(fs.statSync(dir).isDirectory()).toBe(true);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('names a file that stands where a folder must be', () => {
    const root = fresh();
    fs.writeFileSync(join(root, 'runs'), 'x');

    expect(leftOf(preflightRunFolder(join(root, 'runs', 'a'), 'create'))).toBe(`${join(root, 'runs')}: not a folder (a file is in the way)`);
  });

  it('reports a read-only file system as EROFS on the folder it cannot create, not ENOENT', () => {
    const dir = join(fresh(), 'runs', 'a');

    const message = leftOf(preflightRunFolder(dir, 'create', failing('mkdirSync', 'EROFS')));

    expect(message).toBe(`${join(dir, '..')}: cannot create the run folder (EROFS: read-only file system)`);
  });

  it('finds an unwritable run folder before training (not at the first log write)', () => {
    const dir = fresh();

    const message = leftOf(preflightRunFolder(dir, 'create', failing('openSync', 'EACCES', (p) => p.endsWith('.tmp'))));

    expect(message).toBe(`${dir}: cannot write in the run folder (EACCES: permission denied)`);
  });

  it('reports an unreadable run folder as unreadable, not as a missing checkpoint', () => {
    const dir = fresh();
    fs.mkdirSync(join(dir, 'checkpoints'));

    const message = leftOf(preflightRunFolder(dir, 'resume', failing('readdirSync', 'EACCES', (p) => p === dir)));

    expect(message).toBe(`${dir}: cannot read the run folder (EACCES: permission denied)`);
  });

  it('refuses to resume a missing folder or one without checkpoints', () => {
    const dir = fresh();

    expect(leftOf(preflightRunFolder(join(dir, 'nope'), 'resume'))).toBe(`${join(dir, 'nope')}: no such run folder`);
    expect(leftOf(preflightRunFolder(dir, 'resume'))).toBe(`${join(dir, 'checkpoints')}: no such folder (no checkpoint to resume)`);
  });

  it('removes the temporaries of dead writers (kill -9 leftovers) and keeps a live writer\'s', () => {
    const dir = fresh();
    const root = join(dir, 'checkpoints');
    fs.mkdirSync(root);
    const dead = deadPid();
    const deadFiles = [join(root, `.latest.json.${dead}.1764540000000.k3j2h1.tmp`), join(dir, `.eval.json.${dead}.1764540000000.a1.tmp`)];
    deadFiles.forEach((f) => fs.writeFileSync(f, '{"checkpo'));
    const deadFolder = join(root, `.tmp-step-00000020-mx3wossu${dead.toString(36)}`);
    fs.mkdirSync(deadFolder);
    fs.writeFileSync(join(deadFolder, 'weights.bin'), new Uint8Array(10));
    const live = [join(root, `.latest.json.${process.pid}.1764540000000.zz.tmp`), join(root, `.tmp-step-00000021-mx3wossu${process.pid.toString(36)}`)];
    fs.writeFileSync(live[0], '{');
    fs.mkdirSync(live[1]);

    const result = preflightRunFolder(dir, 'resume');

    expect(E.isRight(result) && [...result.right.removed].sort()).toEqual([...deadFiles, deadFolder].sort());
    expect(fs.readdirSync(root).sort()).toEqual(live.map((p) => p.slice(root.length + 1)).sort());
  });

  it('reads a run without writing or removing anything', () => {
    const dir = fresh();
    const leftover = join(dir, `.eval.json.${deadPid()}.1.a.tmp`);
    fs.writeFileSync(leftover, '');

    expect(E.isRight(preflightRunFolder(dir, 'read', failing('openSync', 'EROFS')))).toBe(true);
    expect(fs.existsSync(leftover)).toBe(true);
  });
});
