import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { anomalyScores } from '../../src/train/anomaly-scores.js';
import { strata } from './run-cli.js';

vi.mock('../../src/train/anomaly-scores.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/train/anomaly-scores.js')>();
  return { ...real, anomalyScores: vi.fn(real.anomalyScores) };
});

let root = '';
let run = '';
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'strata-score-'));
  run = join(root, 'run');
  const trained = await strata('train', '--model', 'lvae', '--preset', 'tiny', '--data', 'fashion-mnist', '--steps', '20', '--batch', '16', '--log-every', '10', '--out', run);
  if (trained.code !== 0) throw new Error(trained.err.join('\n'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const folder = (): string => join(run, 'scores', 'fashion-mnist-vs-mnist-dyn-K2-n12-seed1');

describe('strata score', () => {
  it('writes L>k and LLR>k per example with AUROC, AUPRC and FPR80, naming the in-distribution set and the positives', async () => {
    // Act
    const r = await strata('score', run, '--vs', 'mnist-dyn', '--k', '2', '--limit', '12', '--batch', '6');
    // Assert
    expect(r.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(folder(), 'scores.json'), 'utf8'));
    expect(summary.inDistribution).toBe('fashion-mnist');
    expect(summary.positives).toBe('mnist-dyn');
    expect([summary.batch, summary.chunk]).toEqual([6, 2]);
    expect(summary.scores.map((s: { score: string }) => s.score)).toEqual(['L>0', 'L>1', 'LLR>1']);
    for (const s of summary.scores) {
      for (const metric of [s.auroc, s.auprc, s.fpr80]) expect(metric).toBeGreaterThanOrEqual(0);
      for (const metric of [s.auroc, s.auprc, s.fpr80]) expect(metric).toBeLessThanOrEqual(1);
    }
    const rows = readFileSync(join(folder(), 'examples.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('set,dataset,index,L>0,L>1,LLR>1');
    expect(rows).toHaveLength(1 + 24);
    for (const row of rows.slice(1)) {
      const [, , , l0, l1, llr] = row.split(',').map(Number);
      expect(llr).toBeCloseTo(l0 - l1, 3);
    }
    const pngs = readdirSync(folder()).filter((f) => f.endsWith('.png')).sort();
    expect(pngs).toEqual(['hist-L-gt-0.png', 'hist-L-gt-1.png', 'hist-LLR-gt-1.png']);
    expect(PNG.sync.read(readFileSync(join(folder(), 'hist-LLR-gt-1.png'))).width).toBeGreaterThan(100);
    expect(r.out.join('\n')).toMatch(/LLR>1 .*AUROC .*AUPRC .*FPR80 .*higher LLR>1 means out-of-distribution/);
  });

  it('never overwrites earlier scores unless told to', async () => {
    // Arrange
    const before = statSync(join(folder(), 'scores.json')).mtimeMs;
    // Act
    const again = await strata('score', run, '--vs', 'mnist-dyn', '--k', '2', '--limit', '12', '--batch', '6');
    // Assert
    expect(again.code).toBe(2);
    expect(again.err.join('\n')).toMatch(/exists.*--overwrite/);
    expect(statSync(join(folder(), 'scores.json')).mtimeMs).toBe(before);
    expect((await strata('score', run, '--vs', 'mnist-dyn', '--k', '2', '--limit', '12', '--batch', '6', '--overwrite')).code).toBe(0);
  });

  it('refuses a data set whose likelihood does not suit the model (8-bit data on a Bernoulli model)', async () => {
    const r = await strata('score', run, '--vs', 'fashion-mnist-8bit', '--k', '2', '--limit', '4');

    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/--vs fashion-mnist-8bit: .*discretized-logistic.*bernoulli/);
  });

  it('refuses a layer the model does not have and an out-of-distribution set equal to the in-distribution one', async () => {
    expect((await strata('score', run, '--vs', 'mnist-dyn', '--k-layers', '0,7')).err.join('\n')).toMatch(/--k-layers: layer 7 does not exist/);
    expect((await strata('score', run, '--vs', 'fashion-mnist')).code).toBe(2);
  });

  it('chooses batch and chunk from the memory budget at default flags and records them', async () => {
    // Act
    const r = await strata('score', run, '--vs', 'mnist-dyn', '--k', '3', '--limit', '5');
    // Assert
    expect(r.code, r.err.join('\n')).toBe(0);
    const summary = JSON.parse(readFileSync(join(run, 'scores', 'fashion-mnist-vs-mnist-dyn-K3-n5-seed1', 'scores.json'), 'utf8'));
    expect([summary.batch, summary.chunk]).toEqual([100, 3]);
    expect(r.out).toContainEqual(expect.stringMatching(/^batch 100, chunk 3: about \d+ MB per trace \(--batch and --chunk override the memory budget\)$/));
  });

  it('an allocation failure is one line naming --batch and --chunk, exit 1, and writes nothing', async () => {
    // Arrange
    vi.mocked(anomalyScores).mockRejectedValueOnce(new Error('memory access out of bounds'));
    // Act
    const r = await strata('score', run, '--vs', 'mnist-dyn', '--k', '4', '--limit', '4', '--batch', '64', '--chunk', '4');
    // Assert
    expect(r.code).toBe(1);
    expect(r.err.filter((l) => !l.startsWith('backend:'))).toEqual([expect.stringMatching(/run: out of memory evaluating batches of 64 examples with 4 importance samples per chunk \(memory access out of bounds\); lower --batch \(now 64\) or --chunk \(now 4\); nothing written$/)]);
    expect(() => statSync(join(run, 'scores', 'fashion-mnist-vs-mnist-dyn-K4-n4-seed1'))).toThrow(/ENOENT/);
  });
});
