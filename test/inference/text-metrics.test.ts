import { describe, expect, it } from 'vitest';
import { buildVocabulary, encodeSentence } from '../../src/datasets/vocabulary.js';
import { predictedTokens, textMetrics, textMetricsOfSums } from '../../src/inference/text-metrics.js';

describe('text metrics (Bowman et al. 2016)', () => {
  it('a two-sentence batch by hand: NLL per sentence and perplexity over words + EOS, never BOS or padding', () => {
    const vocabulary = buildVocabulary([['the', 'cat', 'sat'], ['a', 'dog']]);
    const rows = [...encodeSentence(vocabulary, ['the', 'cat', 'sat'], 6), ...encodeSentence(vocabulary, ['a', 'dog'], 6)];
    // log p(the cat sat EOS | BOS) = -12.5, log p(a dog EOS | BOS) = -7.5 (nats).

    const counts = predictedTokens(rows, 6);
    const m = textMetrics([-12.5, -7.5], counts);

    expect(counts).toEqual([4, 3]);
    expect(m.nllPerSentence).toBeCloseTo(10, 12);
    expect(m.tokens).toBe(7);
    expect(m.perplexity).toBeCloseTo(Math.exp(20 / 7), 10);
    expect(m.nllPerToken).toBeCloseTo(20 / 7, 12);
  });

  it('the same figures from the sums alone (an evaluation that keeps totals), and a refusal of fewer tokens than sentences', () => {
    const m = textMetricsOfSums(-20, 2, 7);

    expect(m).toEqual({ sentences: 2, tokens: 7, nllPerSentence: 10, nllPerToken: 20 / 7, perplexity: Math.exp(20 / 7) });
    expect(() => textMetricsOfSums(-20, 3, 2)).toThrow(/3 sentences predicting 2 tokens/);
  });

  it('a sentence of log-likelihood -inf gives infinite NLL and perplexity, not NaN', () => {
    const m = textMetrics([-Infinity, -3], [2, 2]);

    expect([m.nllPerSentence, m.perplexity]).toEqual([Infinity, Infinity]);
  });

  it('refuses mismatched or empty inputs and sentences that predict nothing', () => {
    expect(() => textMetrics([-1], [2, 3])).toThrow(RangeError);
    expect(() => textMetrics([], [])).toThrow(RangeError);
    expect(() => textMetrics([-1], [0])).toThrow(/predicts 0 tokens/);
    expect(() => predictedTokens([1, 2, 3], 2)).toThrow(RangeError);
  });
});
