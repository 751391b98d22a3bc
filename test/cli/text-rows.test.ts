import { describe, expect, it } from 'vitest';
import { buildVocabulary } from '../../src/datasets/vocabulary.js';
import { reconstructionText, sentenceLines, sentenceText } from '../../src/cli/text-rows.js';

const vocabulary = buildVocabulary([['the', 'cat', 'sat']]);
const id = (w: string): number => vocabulary.ids.get(w)!;

describe('token rows as text', () => {
  it('stops at the first EOS and never prints PAD or BOS; unknown ids read <unk>', () => {
    // Arrange: BOS the PAD cat sat EOS the, and an id beyond the vocabulary
    const row = [1, id('the'), 0, id('cat'), id('sat'), 2, id('the')];
    // Act / Assert
    expect(sentenceText(vocabulary, row)).toBe('the cat sat');
    expect(sentenceText(vocabulary, [id('cat'), 999, 3])).toBe('cat <unk> <unk>');
    expect(sentenceText(vocabulary, [2, id('cat')])).toBe('');
  });

  it('reads rows of a length, and pairs originals with reconstructions', () => {
    expect(sentenceLines(vocabulary, [id('the'), 2, 0, id('cat'), id('sat'), 2], 3)).toEqual(['the', 'cat sat']);
    expect(() => sentenceLines(vocabulary, [1, 2], 3)).toThrow(RangeError);
    expect(reconstructionText(['the cat'], ['the sat'])).toBe('original:       the cat\nreconstruction: the sat\n');
  });
});
