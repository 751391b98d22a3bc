import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadDataset } from '../../src/datasets/index.js';
import { predictedTokens } from '../../src/inference/text-metrics.js';
import { evaluateBounds } from '../../src/train/evaluation.js';
import { strata } from './run-cli.js';

vi.mock('../../src/train/evaluation.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/train/evaluation.js')>();
  return { ...real, evaluateBounds: vi.fn(real.evaluateBounds) };
});

let root = '';
const runs = { biva: '', lm: '' };
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'strata-eval-text-'));
  for (const [key, model] of [['biva', 'biva-lstm'], ['lm', 'lstm-lm']] as const) {
    runs[key] = join(root, model);
    const trained = await strata('train', '--model', model, '--preset', 'tiny', '--data', 'brown', '--steps', '2', '--batch', '4', '--out', runs[key]);
    if (trained.code !== 0) throw new Error(trained.err.join('\n'));
  }
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Words and EOS of the first `n` Brown test sentences, counted from the data. */
const testTokens = (n: number): number => {
  const brown = loadDataset('brown');
  if (E.isLeft(brown) || brown.right.kind !== 'text') throw new Error('brown did not load');
  const s = brown.right.splits.test;
  return predictedTokens(s.tokens.subarray(0, n * s.length), s.length).reduce((a, b) => a + b, 0);
};

describe('strata eval on text', () => {
  it('biva-lstm with default --batch and --chunk fits memory and reports NLL per sentence and token, perplexity, KL per node and reconstructions', async () => {
    // Act
    const r = await strata('eval', runs.biva, '--k', '2', '--limit', '4', '--reconstructions', '2');
    // Assert
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(runs.biva, 'eval.json'), 'utf8'));
    expect(report.batch).toBeGreaterThanOrEqual(1);
    expect(report.batch).toBeLessThan(50);
    expect(report.text.tokens).toBe(testTokens(4));
    expect(report.text.l1.nllPerSentence).toBeCloseTo(-report.l1, 6);
    expect(report.text.l1.perplexity).toBeCloseTo(Math.exp((-report.l1 * 4) / report.text.tokens), 6);
    expect(report.text.lk.nllPerToken).toBeCloseTo((-report.lk * 4) / report.text.tokens, 6);
    expect(Object.keys(report.kl).sort()).toEqual(['z1_bu', 'z1_td', 'z2']);
    expect(r.out.some((l) => /^L_2 +NLL = [\d.]+ nats per sentence, [\d.]+ nats per token, perplexity [\d.]+$/.test(l))).toBe(true);
    expect(r.out.some((l) => l.includes('bits/dim'))).toBe(false);
    const recon = readFileSync(join(runs.biva, 'reconstructions.txt'), 'utf8');
    expect(recon.match(/^original: /gm)).toHaveLength(2);
    expect(recon.match(/^reconstruction: /gm)).toHaveLength(2);
    expect(recon).not.toMatch(/<pad>|<bos>|<eos>/);
  }, 120_000);

  it('keeps --batch and --chunk as given', async () => {
    const r = await strata('eval', runs.biva, '--k', '2', '--limit', '3', '--batch', '3', '--chunk', '1', '--reconstructions', '0');

    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(runs.biva, 'eval.json'), 'utf8'))).toMatchObject({ batch: 3, chunk: 1, examples: 3 });
    expect(r.out[0]).toMatch(/^batch 3, chunk 1: about \d+ MB per trace/);
  }, 120_000);

  it('the LSTM language model trains on Brown and evaluates with KL 0 and a finite perplexity', async () => {
    const r = await strata('eval', runs.lm, '--k', '2', '--limit', '2', '--reconstructions', '1');

    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(runs.lm, 'eval.json'), 'utf8'));
    expect(report.kl).toEqual({ z: 0 });
    expect(Number.isFinite(report.text.lk.perplexity)).toBe(true);
  }, 120_000);

  it('an allocation failure (wasm\'s "memory access out of bounds") is one line naming --batch and --chunk, exit 1, and no eval.json', async () => {
    // Arrange
    rmSync(join(runs.lm, 'eval.json'), { force: true });
    vi.mocked(evaluateBounds).mockRejectedValueOnce(new Error('memory access out of bounds'));
    // Act
    const r = await strata('eval', runs.lm, '--k', '200', '--limit', '2', '--batch', '64', '--chunk', '100');
    // Assert
    expect(r.code).toBe(1);
    expect(r.err.filter((l) => !l.startsWith('backend:'))).toEqual([expect.stringMatching(/lstm-lm: out of memory evaluating batches of 64 examples with 100 importance samples per chunk \(memory access out of bounds\); lower --batch \(now 64\) or --chunk \(now 100\)$/)]);
    expect(() => readFileSync(join(runs.lm, 'eval.json'))).toThrow(/ENOENT/);
  }, 60_000);
});
