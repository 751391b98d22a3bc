/**
 * A word vocabulary: the special tokens PAD = 0, BOS = 1, EOS = 2, UNK = 3,
 * then the most frequent words (ties broken alphabetically, so the result is
 * deterministic). Encoding maps out-of-vocabulary words to UNK.
 */
import type { Sentence } from './brown.js';

/** Padding id (also the value of unused positions). */
export const PAD = 0;
/** Beginning-of-sentence id. */
export const BOS = 1;
/** End-of-sentence id. */
export const EOS = 2;
/** Unknown-word id. */
export const UNK = 3;
/** The spelling of the special tokens, by id. */
export const SPECIAL_TOKENS: readonly string[] = ['<pad>', '<bos>', '<eos>', '<unk>'];

/** Word list (index = id) and its inverse. */
export interface Vocabulary {
  /** Every token by id, the special tokens first. */
  readonly words: readonly string[];
  readonly ids: ReadonlyMap<string, number>;
  /** Number of ids, special tokens included. */
  readonly size: number;
}

/** The vocabulary of the `maxWords` most frequent words of `sentences`, plus the four special tokens. */
export const buildVocabulary = (sentences: readonly Sentence[], maxWords = 20000): Vocabulary => {
  const counts = new Map<string, number>();
  for (const sentence of sentences) for (const w of sentence) counts.set(w, (counts.get(w) ?? 0) + 1);
  const ranked = [...counts.entries()]
    .filter(([w]) => !SPECIAL_TOKENS.includes(w))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, maxWords)
    .map(([w]) => w);
  const words = [...SPECIAL_TOKENS, ...ranked];
  return { words, ids: new Map(words.map((w, i) => [w, i])), size: words.length };
};

/** The ids of `sentence`'s words, UNK for words outside the vocabulary (no BOS / EOS). */
export const wordIds = (vocabulary: Vocabulary, sentence: Sentence): number[] =>
  sentence.map((w) => vocabulary.ids.get(w) ?? UNK);

/**
 * Writes the word ids, EOS, then PAD up to `length` into `out` at `offset`.
 * No BOS: it is the decoder's first input, never a target (a model scores
 * x_1..x_T and EOS given BOS, Bowman et al. 2016), so it is not data.
 * Throws a RangeError when the sentence needs more than `length` positions.
 */
export const encodeInto = (vocabulary: Vocabulary, sentence: Sentence, length: number, out: Int32Array, offset = 0): void => {
  if (sentence.length + 1 > length) {
    throw new RangeError(`a sentence of ${sentence.length} tokens needs ${sentence.length + 1} positions, only ${length} available`);
  }
  out.fill(PAD, offset, offset + length);
  wordIds(vocabulary, sentence).forEach((id, i) => {
    out[offset + i] = id;
  });
  out[offset + sentence.length] = EOS;
};

/** `sentence` encoded as word ids, EOS, padded to `length` (no BOS: see `encodeInto`). */
export const encodeSentence = (vocabulary: Vocabulary, sentence: Sentence, length: number): Int32Array => {
  const out = new Int32Array(length);
  encodeInto(vocabulary, sentence, length, out);
  return out;
};

/** The words of an encoded sentence: a leading BOS skipped, stopping at EOS or PAD, UNK spelled '<unk>'. */
export const decodeSentence = (vocabulary: Vocabulary, ids: ArrayLike<number>): string[] => {
  const words: string[] = [];
  for (let i = ids.length > 0 && ids[0] === BOS ? 1 : 0; i < ids.length && ids[i] !== EOS && ids[i] !== PAD; i++) {
    words.push(vocabulary.words[ids[i]] ?? SPECIAL_TOKENS[UNK]);
  }
  return words;
};
