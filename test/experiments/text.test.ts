import { describe, expect, it } from 'vitest';
import { figureKey, type Figures } from '../../src/experiments/figures.js';
import { comparisonTable } from '../../src/experiments/report.js';
import { text } from '../../src/experiments/text.js';

/** Figures of the text experiment whose eval.json files hold `results` (BIVA+LSTM, sentence VAE, LSTM LM). */
const figures = (results: readonly unknown[]): Figures => ({
  runs: {},
  evaluations: Object.fromEntries(text.evaluations.filter((e) => e.kind === 'eval').map((e, i) => [figureKey(e), { command: 'strata eval', step: 1, result: results[i] }])),
});

const row = (f: Figures, quantity: string): readonly string[] => comparisonTable(text, f).rows.find((r) => r[0] === quantity)!;

describe('the text experiment reads whatever eval.json holds', () => {
  it("takes NLL and perplexity from eval.json's text metrics and sums the KL over the latent nodes", () => {
    // Arrange
    const withText = (nll: number, ppl: number, kl: Record<string, number>) => ({ lk: -999, kl, text: { lk: { nllPerSentence: nll, perplexity: ppl } } });
    const f = figures([withText(90, 120, { z1: 2, z2: 3 }), withText(91, 125, { z: 1.5 }), withText(89, 110, {})]);
    // Act / Assert
    expect(row(f, 'BIVA+LSTM: NLL per sentence')[3]).toBe('90.00 nats');
    expect(row(f, 'LSTM LM: perplexity')[3]).toBe('110.00');
    expect(row(f, 'BIVA+LSTM: KL per sentence')[3]).toBe('5.00 nats');
    expect(row(f, 'KL of BIVA+LSTM minus KL of the sentence VAE (BIVA uses its latents more: > 0)').slice(3)).toEqual(['3.50 nats', '> 0', 'holds']);
  });

  it('falls back to -L_K per sentence without text metrics and prints n/a for what is missing', () => {
    // Arrange
    const f = figures([{ lk: -95, kl: { z1: 1 } }, {}, undefined]);
    // Act / Assert
    expect(row(f, 'BIVA+LSTM: NLL per sentence')[3]).toBe('95.00 nats');
    expect(row(f, 'BIVA+LSTM: perplexity')[3]).toBe('n/a');
    expect(row(f, 'LSTM sentence VAE: KL per sentence')[3]).toBe('n/a');
    expect(row(f, 'KL of BIVA+LSTM minus KL of the sentence VAE (BIVA uses its latents more: > 0)')[5]).toBe('not measured');
  });
});
