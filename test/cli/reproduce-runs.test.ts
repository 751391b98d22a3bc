import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/command.js';
import { checkpointStep, evaluate, otherRun, recordPath, trainRun } from '../../src/cli/reproduce-runs.js';
import type { RunPlan } from '../../src/experiments/plan.js';

const root = mkdtempSync(join(tmpdir(), 'strata-reproduce-runs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const lines: string[] = [];
const io: CliIO = { out: (l) => void lines.push(l), err: () => undefined, env: { STRATA_BACKEND: 'wasm' } };
const plan = (steps: number): RunPlan => ({ id: 'r', label: 'R', model: 'vae', preset: 'tiny', data: 'mnist-dyn', objective: [], steps, batch: 8, seed: 3, schedule: [['log-every', 5], ['checkpoint-every', 5]] });

describe('the runs of reproduce', () => {
  it('starts a run, resumes it to a larger budget and then skips it as finished', async () => {
    // Arrange
    const dir = join(root, 'resume');
    // Act
    const first = await trainRun(plan(5), dir, io, 'wasm', Date.now() + 1e6);
    const second = await trainRun(plan(10), dir, io, 'wasm', Date.now() + 1e6);
    lines.length = 0;
    const third = await trainRun(plan(10), dir, io, 'wasm', Date.now() + 1e6);
    // Assert
    expect([first, second, third]).toEqual([undefined, undefined, undefined]);
    expect(checkpointStep(dir)).toBe(10);
    expect(lines).toEqual([`${dir}: finished (step 10 of 10), skipped`]);
    expect(readFileSync(join(dir, 'reproduce.pid'), 'utf8')).toBe(`${process.pid}\n`);
  });

  it('refuses to resume a folder that holds another run than the plan', async () => {
    // Arrange
    const dir = join(root, 'resume');
    // Act
    const refused = await trainRun({ ...plan(20), seed: 4, model: 'lvae' }, dir, io, 'wasm', Date.now() + 1e6);
    // Assert
    expect(refused?.code).toBe(1);
    expect(refused?.message).toContain('holds another run (model vae, the plan\'s lvae; seed 3, the plan\'s 4)');
    expect(otherRun(plan(20), dir)).toBeUndefined();
    expect(checkpointStep(dir)).toBe(10);
  });

  it('records an evaluation once per checkpoint step and reuses the record', async () => {
    // Arrange
    const dir = join(root, 'resume');
    const step = { kind: 'eval', run: 'r', k: 2, limit: 8 } as const;
    // Act
    const first = await evaluate(step, dir, 'mnist-dyn', io, 'wasm');
    lines.length = 0;
    const again = await evaluate(step, dir, 'mnist-dyn', io, 'wasm');
    // Assert
    expect(existsSync(recordPath(step, dir))).toBe(true);
    expect(again).toEqual(first);
    expect(lines).toEqual([`${dir}: eval-K2-n8 at step 10 done before, skipped`]);
  });
});
