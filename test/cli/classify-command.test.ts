import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strata } from './run-cli.js';

let root = '';
let run = '';
let trained: { code: number; out: string[]; err: string[] };
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'strata-classify-'));
  run = join(root, 'm2');
  trained = await strata('train', '--model', 'biva-m2', '--objective', 'm2', '--steps', '20', '--batch', '24', '--labelled-batch', '8', '--log-every', '10', '--out', run);
  if (trained.code !== 0) throw new Error(trained.err.join('\n'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('classification error of biva-m2 from the CLI', () => {
  it('train names alpha = 0.1 N / N_l and the labelled rows per batch, and logs the validation error', () => {
    const records = readFileSync(join(run, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

    expect(trained.out[0]).toMatch(/m2\(alpha=50, 100 labelled, 8 per batch\)/);
    expect(records.map((r) => r.classification.labelledSeen)).toEqual([80, 160]);
    expect(records[1].classification).toMatchObject({ split: 'validation', examples: 1000 });
    expect(records[1].classification.error).toBeGreaterThanOrEqual(0);
    expect(records[1].classification.error).toBeLessThanOrEqual(1);
    expect(trained.out.some((l) => /^classification error \d+\.\d\d% on 1000 validation examples/.test(l))).toBe(true);
  });

  it('eval prints the test error and writes it to eval.json', async () => {
    const r = await strata('eval', run, '--k', '2', '--limit', '50', '--batch', '25');

    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(run, 'eval.json'), 'utf8'));
    expect(report.classification).toMatchObject({ examples: 50, labelledSeen: 160 });
    expect(report.classification.error).toBeCloseTo(report.classification.wrong / 50, 10);
    expect(r.out.some((l) => /^test error \d+\.\d\d% \(\d+ of 50 misclassified/.test(l))).toBe(true);
  });

  it('classify writes per-example predictions and the error rate', async () => {
    const r = await strata('classify', run, '--limit', '30');

    expect(r.code).toBe(0);
    const rows = readFileSync(join(run, 'classify-test.csv'), 'utf8').trim().split('\n');
    const summary = JSON.parse(readFileSync(join(run, 'classify-test.json'), 'utf8'));
    expect(rows[0]).toBe('index,label,predicted,confidence');
    expect(rows).toHaveLength(31);
    const wrong = rows.slice(1).map((l) => l.split(',')).filter(([, label, predicted]) => label !== predicted).length;
    expect(summary).toMatchObject({ split: 'test', examples: 30, wrong, weights: 'EMA' });
    expect(r.out[1]).toMatch(new RegExp(`^classification error ${((100 * wrong) / 30).toFixed(2)}% \\(${wrong} of 30 wrong\\)`));
  });

  it('refuses a labelled sub-batch as large as the batch, and a model without a label', async () => {
    const big = await strata('train', '--model', 'biva-m2', '--objective', 'm2', '--steps', '1', '--batch', '8', '--labelled-batch', '8', '--out', join(root, 'big'));
    const vae = join(root, 'vae');
    await strata('train', '--model', 'vae', '--steps', '1', '--batch', '8', '--out', vae);
    const plain = await strata('classify', vae);

    expect(big.code).toBe(2);
    expect(big.err[big.err.length - 1]).toMatch(/--labelled-batch\): expected an integer in 1..7/);
    expect(plain.code).toBe(2);
    expect(plain.err[plain.err.length - 1]).toMatch(/the model has 0 label nodes/);
  });
});
