import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { trainingCharts } from '../../src/train/artifacts.js';
import { appendRecord, readRecords } from '../../src/train/log.js';
import { intervalRecord } from '../../src/train/record.js';
import type { StepStats } from '../../src/train/step.js';
import { strataWith } from './run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'strata-plot-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const strata = strataWith({ env: {} });

const ctx = { lr: 1e-3, images: 8, seconds: 1, time: '2026-01-01T00:00:00.000Z' };
const skippedStep = (step: number): StepStats => ({ step, loss: Number.NaN, elbo: Number.NaN, kl: {}, gradNorm: Number.NaN, skipped: true });
const appliedStep = (step: number): StepStats => ({ step, loss: 550 - step, elbo: -560 + step, kl: { z1: 3 + step, z2: 1 / step }, gradNorm: 10, skipped: false });

/** A run folder whose first logged interval holds only skipped steps (kl {}, loss null), then `applied` intervals with values. */
const runWithSkippedStart = (name: string, applied: number): string => {
  const dir = join(root, name);
  appendRecord(join(dir, 'log.jsonl'), intervalRecord([skippedStep(1), skippedStep(2)], { ...ctx, skippedTotal: 2 }));
  for (let i = 1; i <= applied; i++) appendRecord(join(dir, 'log.jsonl'), intervalRecord([appliedStep(2 * i + 1), appliedStep(2 * i + 2)], { ...ctx, skippedTotal: 2 }));
  return dir;
};

describe('strata plot after an interval of only skipped steps (report 2)', () => {
  it('the first record holds "kl": {} and a null loss, as the trainer logs it', () => {
    const dir = runWithSkippedStart('shape', 1);

    const first = JSON.parse(readFileSync(join(dir, 'log.jsonl'), 'utf8').split('\n')[0]);

    expect(first.kl).toEqual({});
    expect(first.loss).toBeNull();
  });

  it('writes curves.png and kl.png from the records that have values, exit 0', async () => {
    const dir = runWithSkippedStart('run', 3);

    const r = await strata('plot', dir);

    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    for (const file of ['curves.png', 'kl.png']) expect(PNG.sync.read(readFileSync(join(dir, file))).width).toBeGreaterThan(100);
  });

  it('trainingCharts draws a KL line for every node that any record has, not only the first record\'s', async () => {
    const records = readRecords(join(runWithSkippedStart('charts', 2), 'log.jsonl'));

    const charts = await trainingCharts(records, 'charts');

    expect(records[0].kl).toEqual({});
    expect(charts.kl.length).toBeGreaterThan(1000);
  });

  it('a log whose every interval was skipped: exit 1 with one line naming log.jsonl, and no PNG', async () => {
    const dir = runWithSkippedStart('all-skipped', 0);

    const r = await strata('plot', dir);

    expect(r.code).toBe(1);
    expect(r.err).toEqual([`strata plot: ${join(dir, 'log.jsonl')}: no log record with values (every logged interval was skipped)`]);
    expect(existsSync(join(dir, 'curves.png')) || existsSync(join(dir, 'kl.png'))).toBe(false);
  });
});
