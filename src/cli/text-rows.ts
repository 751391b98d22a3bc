/**
 * Token rows as text for `strata sample` and `strata eval`: a sentence is
 * its words up to its first EOS; PAD and BOS (a decoder input, never data)
 * are never printed; ids outside the vocabulary read '<unk>'. Pure.
 */
import { BOS, EOS, PAD, SPECIAL_TOKENS, UNK, type Vocabulary } from '../datasets/index.js';

/** The words of one row of ids, joined by spaces: up to the first EOS, PAD and BOS skipped. */
export const sentenceText = (vocabulary: Vocabulary, ids: ArrayLike<number>): string => {
  const words: string[] = [];
  for (let i = 0; i < ids.length && ids[i] !== EOS; i++) {
    if (ids[i] === PAD || ids[i] === BOS) continue;
    words.push(vocabulary.words[ids[i]] ?? SPECIAL_TOKENS[UNK]);
  }
  return words.join(' ');
};

/** The sentences of `ids` read as rows of `length` (row-major); RangeError when `length` does not divide it. */
export const sentenceLines = (vocabulary: Vocabulary, ids: ArrayLike<number>, length: number): string[] => {
  if (!Number.isInteger(length) || length < 1 || ids.length % length !== 0) throw new RangeError(`sentenceLines: ${ids.length} ids do not form rows of ${length}`);
  const all = Array.from(ids);
  return Array.from({ length: all.length / length }, (_, r) => sentenceText(vocabulary, all.slice(r * length, (r + 1) * length)));
};

/** Reconstructions as text: for each sentence an `original:` line, a `reconstruction:` line, and a blank line. */
export const reconstructionText = (originals: readonly string[], reconstructions: readonly string[]): string =>
  originals.map((o, i) => `original:       ${o}\nreconstruction: ${reconstructions[i] ?? ''}\n`).join('\n');
