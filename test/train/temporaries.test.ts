import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkpointWriterPid, isProcessAlive, sweepTemporaries } from '../../src/train/temporaries.js';

const folders: string[] = [];
const fresh = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'strata-tmp-'));
  folders.push(d);
  return d;
};
afterEach(() => folders.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('temporaries of killed writers', () => {
  it('tells a live process from one that has exited', () => {
    const exited = spawnSync(process.execPath, ['-e', '0']).pid!;

    expect([isProcessAlive(process.pid), isProcessAlive(exited), isProcessAlive(0), isProcessAlive(-1)]).toEqual([true, false, false, false]);
  });

  it('reads the writer pid from a checkpoint temporary folder name (8 base-36 time digits, then the pid)', () => {
    expect(checkpointWriterPid(`.tmp-step-00000020-mx3wossu${(4321).toString(36)}`)).toBe(4321);
    expect(checkpointWriterPid('.tmp-step-00000003-killed')).toBeUndefined();
  });

  it('sweeps dead and pid-less temporaries, keeps live ones and everything else', () => {
    const dir = fresh();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const names = {
      dead: [`.log.jsonl.${dead}.1764540000000.x.tmp`, '.tmp-step-00000003-killed'],
      kept: [`.samples.png.${process.pid}.1764540000000.y.tmp`, 'latest.json', 'step-00000002-mx3wossu1', '.hidden'],
    };
    for (const name of [...names.dead, ...names.kept]) {
      if (name.startsWith('.tmp-') || name.startsWith('step-')) mkdirSync(join(dir, name));
      else writeFileSync(join(dir, name), '');
    }

    const removed = sweepTemporaries(dir);

    expect(removed.sort()).toEqual(names.dead.map((n) => join(dir, n)).sort());
    expect(readdirSync(dir).sort()).toEqual([...names.kept].sort());
    expect(sweepTemporaries(join(dir, 'absent'))).toEqual([]);
    expect(existsSync(dir)).toBe(true);
  });
});
