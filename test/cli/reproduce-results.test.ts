import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/command.js';
import { drawPlots, machine, writeGathered } from '../../src/cli/reproduce-results.js';
import type { Experiment } from '../../src/experiments/experiment.js';
import { ablation } from '../../src/experiments/ablation.js';
import { appendRecord } from '../../src/train/log.js';
import { intervalRecord } from '../../src/train/record.js';
import type { StepStats } from '../../src/train/step.js';

const root = mkdtempSync(join(tmpdir(), 'strata-reproduce-results-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const results = (quick: boolean, error: number): string =>
  JSON.stringify({ quick, runs: {}, evaluations: { 'biva-m2-small-s1/classify': { command: 'strata classify x', step: 1, result: { error } } } });

describe('the results folder', () => {
  it('gathers the experiments that have results, leaves quick ones out and says how to run the others', () => {
    // Arrange
    mkdirSync(join(root, 'semisupervised'), { recursive: true });
    mkdirSync(join(root, 'mnist'), { recursive: true });
    writeFileSync(join(root, 'semisupervised', 'results.json'), results(false, 0.031));
    writeFileSync(join(root, 'mnist', 'results.json'), results(true, 0.5));
    // Act
    writeGathered(root);
    // Assert
    const text = readFileSync(join(root, 'README.md'), 'utf8');
    expect(text).toContain('| test error, best seed | - | - | 3.10 % | - | - |');
    expect(text).toContain('Not run yet: `strata reproduce mnist`');
    expect(text).toContain('Not run yet: `strata reproduce ablation`');
  });

  it('redraws the comparison plots and removes the plots of an earlier, partial state, keeping samples', async () => {
    // Arrange: two of the plan's runs archived; the folder still holds the one-run plots of when one was, and a sample
    const e: Experiment = { ...ablation, plots: [{ runs: ablation.runs.slice(0, 2).map((r) => r.id) }] };
    const [archive, out] = [join(root, 'archive'), join(root, 'ablation-out')];
    const step = (n: number): StepStats => ({ step: n, loss: 200 - n, elbo: -200 + n, kl: { z1: 1 + n }, gradNorm: 1, skipped: false });
    for (const r of e.runs.slice(0, 2)) {
      for (const i of [1, 2, 3]) appendRecord(join(archive, r.id, 'log.jsonl'), intervalRecord([step(2 * i - 1), step(2 * i)], { lr: 1e-3, images: 8, seconds: 1, time: '2026-01-01T00:00:00.000Z', skippedTotal: 0 }));
    }
    mkdirSync(out, { recursive: true });
    const earlier = new Date(Date.now() - 60_000);
    for (const f of ['curves.png', 'kl.png', 'lvae-small-s1-samples.png']) {
      writeFileSync(join(out, f), 'old');
      utimesSync(join(out, f), earlier, earlier);
    }
    const io: CliIO = { out: () => undefined, err: () => undefined, env: {} };
    // Act
    const error = await drawPlots(e, (id) => join(archive, id), (id) => join(root, 'no-runs', id), out, io);
    // Assert
    expect(error).toBeUndefined();
    const files = readdirSync(out).sort();
    expect(files.filter((f) => f.startsWith('curves-') || f.startsWith('kl-'))).toHaveLength(2);
    expect(existsSync(join(out, 'curves.png'))).toBe(false);
    expect(existsSync(join(out, 'kl.png'))).toBe(false);
    expect(readFileSync(join(out, 'lvae-small-s1-samples.png'), 'utf8')).toBe('old');
  });

  it('names the machine by its CPUs and memory', () => {
    // Act / Assert
    expect(machine()).toMatch(/^\d+ x .+, \d+\.\d GiB, Node v\d+/);
  });
});
