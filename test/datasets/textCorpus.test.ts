import { describe, expect, it } from 'vitest';
import { readBrownCorpus } from '../../src/datasets/brown.js';
import { buildTextCorpus } from '../../src/datasets/textCorpus.js';
import { BOS, decodeSentence, PAD, UNK } from '../../src/datasets/vocabulary.js';
import { leftOf, rightOf } from './fixtures.js';

describe('buildTextCorpus on the Brown corpus', () => {
  const sentences = rightOf(readBrownCorpus());
  const corpus = rightOf(buildTextCorpus(sentences));

  it('keeps the 53112 sentences of at most 40 tokens and splits them 45612 / 2500 / 5000', () => {
    expect(corpus.keptSentences).toBe(53112);
    expect(corpus.droppedSentences).toBe(57340 - 53112);
    expect([corpus.splits.train.count, corpus.splits.validation.count, corpus.splits.test.count]).toEqual([45612, 2500, 5000]);
    expect(corpus.splits.test.sentences.every((s) => s.length <= 40)).toBe(true);
  });

  it('has a vocabulary of 20000 words plus the 4 special tokens, built from training sentences', () => {
    expect(corpus.vocabulary.size).toBe(20004);
    expect(corpus.vocabulary.words[4]).toBe('the');
  });

  it('encodes rows of 41 ids (words, EOS, PAD; no BOS) that decode back to the sentence, UNK where the word is rare', () => {
    const { test, train } = corpus.splits;
    const row = (i: number) => test.tokens.subarray(i * 41, (i + 1) * 41);
    const expected = (i: number) => test.sentences[i].map((w) => (corpus.vocabulary.ids.has(w) ? w : '<unk>'));

    expect(test.length).toBe(41);
    expect(train.tokens.length).toBe(45612 * 41);
    expect(train.tokens.includes(BOS)).toBe(false);
    for (const i of [0, 1, 2, 4999]) expect(row(i).filter((id) => id !== PAD)).toHaveLength(test.sentences[i].length + 1);
    for (const i of [0, 1, 2, 4999]) expect(decodeSentence(corpus.vocabulary, row(i))).toEqual(expected(i));
    expect(test.tokens.some((id) => id === UNK)).toBe(true);
  });

  it('keeps the same test split on every build', () => {
    const again = rightOf(buildTextCorpus(sentences));

    expect(again.splits.test.sentences).toEqual(corpus.splits.test.sentences);
  });
});

describe('buildTextCorpus options', () => {
  const tiny = [['a', 'b'], ['b'], ['c', 'c', 'c', 'c'], ['a'], ['b', 'a']];

  it('honours the length limit, vocabulary size and split sizes', () => {
    const corpus = rightOf(buildTextCorpus(tiny, { maxTokens: 3, maxWords: 1, testCount: 1, validationCount: 1 }));

    expect(corpus.keptSentences).toBe(4);
    expect(corpus.splits.train.length).toBe(4);
    expect(corpus.vocabulary.size).toBe(5);
  });

  it('moves the test split with the split seed', () => {
    const many = Array.from({ length: 100 }, (_, i) => [`w${i}`]);
    const a = rightOf(buildTextCorpus(many, { testCount: 10, validationCount: 10 }));
    const b = rightOf(buildTextCorpus(many, { testCount: 10, validationCount: 10, splitSeed: 41 }));

    expect(a.splits.test.sentences).not.toEqual(b.splits.test.sentences);
  });

  it('names a bad option', () => {
    expect(leftOf(buildTextCorpus(tiny, { maxTokens: 0 })).message).toBe('maxTokens: must be a positive integer, got 0');
    expect(leftOf(buildTextCorpus(tiny, { testCount: 3, validationCount: 2 })).kind).toBe('bad-option');
  });
});
