import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOS, buildVocabulary, decodeSentence, encodeSentence, EOS, PAD, UNK } from '../../src/datasets/vocabulary.js';

const corpus = [
  ['the', 'cat', 'sat'],
  ['the', 'dog', 'sat'],
  ['a', 'cat'],
];

describe('buildVocabulary', () => {
  it('puts the special tokens first, then words by frequency, ties alphabetically', () => {
    const vocabulary = buildVocabulary(corpus, 3);

    expect(vocabulary.words).toEqual(['<pad>', '<bos>', '<eos>', '<unk>', 'cat', 'sat', 'the']);
    expect(vocabulary.size).toBe(7);
    expect(vocabulary.ids.get('sat')).toBe(5);
  });
});

describe('encodeSentence / decodeSentence', () => {
  const vocabulary = buildVocabulary(corpus, 3);

  it('encodes ids, EOS and padding, with UNK for unknown words, and no BOS (the decoder feeds it; it is never a target)', () => {
    const ids = encodeSentence(vocabulary, ['the', 'dog', 'sat'], 6);

    expect(Array.from(ids)).toEqual([6, UNK, 5, EOS, PAD, PAD]);
    expect(Array.from(ids)).not.toContain(BOS);
    expect(decodeSentence(vocabulary, ids)).toEqual(['the', '<unk>', 'sat']);
  });

  it('refuses a sentence longer than the row', () => {
    expect(() => encodeSentence(vocabulary, ['a', 'b', 'c'], 3)).toThrow(RangeError);
    expect(() => encodeSentence(vocabulary, ['a', 'b', 'c'], 4)).not.toThrow();
  });

  it('decodes what it encodes, unknown words becoming <unk>', () => {
    const word = fc.constantFrom('the', 'cat', 'sat', 'dog', 'a', 'zebra');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 10 }), (sentence) => {
        const decoded = decodeSentence(vocabulary, encodeSentence(vocabulary, sentence, 12));

        expect(decoded).toEqual(sentence.map((w) => (vocabulary.ids.has(w) ? w : '<unk>')));
      }),
    );
  });
});
