import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strata } from './run-cli.js';

let root = '';
let run = '';
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'strata-sample-text-'));
  run = join(root, 'sentence-vae');
  const trained = await strata('train', '--model', 'sentence-vae', '--preset', 'tiny', '--data', 'brown', '--steps', '2', '--batch', '4', '--out', run);
  if (trained.code !== 0) throw new Error(trained.err.join('\n'));
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the training log of a text run', () => {
  it('has no bits/dim: the dimension of a row would count its padding (eval gives per-token NLL and perplexity)', () => {
    const records = readFileSync(join(run, 'log.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => !('bitsPerDim' in r) && typeof r.nats === 'number')).toBe(true);
  });
});

describe('strata sample on text', () => {
  it('prints sentences drawn from the prior and writes them to samples.txt, one a line, never PAD, BOS or EOS', async () => {
    // Act
    const r = await strata('sample', run, '--n', '5', '--seed', '3');
    // Assert
    expect(r.code).toBe(0);
    const lines = readFileSync(join(run, 'samples.txt'), 'utf8').split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe('');
    expect(r.out.slice(0, 5)).toEqual(lines.slice(0, 5));
    expect(lines.join('\n')).not.toMatch(/<pad>|<bos>|<eos>/);
    expect(lines.slice(0, 5).every((l) => l.split(' ').length <= 41)).toBe(true);
    expect(r.out[5]).toMatch(/wrote .*samples\.txt \(5 sentences/);
  }, 60_000);
});
