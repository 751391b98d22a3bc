import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { archiveDir, archivedRun, archiveRun } from '../../src/cli/reproduce-archive.js';
import type { EvalFigures, RunFigures } from '../../src/experiments/figures.js';
import type { EvalPlan, RunPlan } from '../../src/experiments/plan.js';

const root = mkdtempSync(join(tmpdir(), 'strata-reproduce-archive-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run: RunPlan = { id: 'r', label: 'R', model: 'vae', preset: 'tiny', data: 'mnist-dyn', objective: [], steps: 10, batch: 8, seed: 3, schedule: [] };
const evaluations: EvalPlan[] = [{ kind: 'eval', run: 'r', k: 4 }, { kind: 'classify', run: 'r' }];
const figures: RunFigures = { step: 10, steps: 10, seed: 3, command: 'strata train --model vae', backend: 'wasm', lastNats: 123.5 };
const record = (step: number, error: number): EvalFigures => ({ command: 'strata eval r', step, result: { error } });

/** A finished run folder with a log. */
const runFolder = (name: string): string => {
  const dir = join(root, name, 'runs', 'r');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'log.jsonl'), '{"step":10,"nats":123.5}\n');
  return dir;
};

describe('the archive of reproduce', () => {
  it('gives back what it archived: the figures, every record and the log', () => {
    // Arrange
    const dir = runFolder('whole');
    const archive = archiveDir(join(root, 'whole', 'results'), 'r');
    const records = { 'eval-K4-nall': record(10, 0.5), 'classify-nall': record(10, 0.25) };
    // Act
    archiveRun(dir, archive, figures, evaluations, records);
    const kept = archivedRun(run, evaluations, archive);
    // Assert
    expect(archive).toBe(join(root, 'whole', 'results', 'archive', 'r'));
    expect(kept).toEqual({ figures, records });
    expect(readFileSync(join(archive, 'log.jsonl'), 'utf8')).toBe('{"step":10,"nats":123.5}\n');
  });

  it('is incomplete (undefined) when the plan asks for more steps, another evaluation, or a record is of an older step', () => {
    // Arrange
    const dir = runFolder('partial');
    const archive = archiveDir(join(root, 'partial', 'results'), 'r');
    archiveRun(dir, archive, figures, evaluations, { 'eval-K4-nall': record(10, 0.5), 'classify-nall': record(5, 0.25) });
    // Act / Assert
    expect(archivedRun(run, evaluations, archive)).toBeUndefined();
    expect(archivedRun(run, evaluations.slice(0, 1), archive)?.figures).toEqual(figures);
    expect(archivedRun({ ...run, steps: 20 }, evaluations.slice(0, 1), archive)).toBeUndefined();
    expect(archivedRun(run, [{ kind: 'eval', run: 'r', k: 1000 }], archive)).toBeUndefined();
    expect(archivedRun(run, [], archiveDir(join(root, 'none'), 'r'))).toBeUndefined();
  });
});
