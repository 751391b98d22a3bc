import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/datasets/index.js';
import { predictedTokens } from '../../src/inference/text-metrics.js';
import { strata } from './run-cli.js';

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
});
