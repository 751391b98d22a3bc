/**
 * A sentence corpus prepared for a sentence VAE: sentences longer than
 * `maxTokens` are dropped, a fixed seeded permutation assigns the test and
 * validation sentences, the vocabulary is built from the training sentences
 * only, and every split is encoded into one Int32Array of
 * [count, maxTokens + 1] ids (words, EOS, PAD...). There is no BOS in
 * the data: an autoregressive decoder feeds BOS as its first input and
 * scores x_1..x_T and EOS (never BOS, never padding).
 */
import * as E from 'fp-ts/lib/Either.js';
import { permutation, prng } from '../random/prng.js';
import type { Sentence } from './brown.js';
import { datasetError, type DatasetError } from './error.js';
import type { Splits } from './split.js';
import { buildVocabulary, encodeInto, type Vocabulary } from './vocabulary.js';

/** One encoded split: `count` sentences of `length` ids each, row-major in `tokens`. */
export interface TextSplit {
  readonly count: number;
  readonly length: number;
  readonly tokens: Int32Array;
  readonly sentences: readonly Sentence[];
}

/** How to prepare the corpus. */
export interface TextCorpusOptions {
  /** Longest sentence kept, in tokens (default 40). */
  readonly maxTokens?: number;
  /** Number of words in the vocabulary besides the special tokens (default 20000). */
  readonly maxWords?: number;
  /** Sentences held out for testing (default 5000). */
  readonly testCount?: number;
  /** Sentences held out for validation (default 2500). */
  readonly validationCount?: number;
  /** Seed of the split permutation (default `TEXT_SPLIT_SEED`, fixed so the test set never changes). */
  readonly splitSeed?: number;
}

/** The fixed seed of the test / validation split. */
export const TEXT_SPLIT_SEED = 40;

/** The prepared corpus: splits, vocabulary and how many sentences the length limit removed. */
export interface TextCorpus {
  readonly splits: Splits<TextSplit>;
  readonly vocabulary: Vocabulary;
  readonly keptSentences: number;
  readonly droppedSentences: number;
}

const encodeSplit = (sentences: readonly Sentence[], vocabulary: Vocabulary, length: number): TextSplit => {
  const tokens = new Int32Array(sentences.length * length);
  sentences.forEach((s, i) => encodeInto(vocabulary, s, length, tokens, i * length));
  return { count: sentences.length, length, tokens, sentences };
};

const positiveInteger = (name: string, value: number): E.Either<DatasetError, number> =>
  Number.isInteger(value) && value > 0 ? E.right(value) : E.left(datasetError('bad-option', name, `must be a positive integer, got ${value}`));

/** Filters, splits and encodes `sentences` (see the module comment). */
export const buildTextCorpus = (sentences: readonly Sentence[], options: TextCorpusOptions = {}): E.Either<DatasetError, TextCorpus> => {
  const maxTokens = options.maxTokens ?? 40;
  const maxWords = options.maxWords ?? 20000;
  const testCount = options.testCount ?? 5000;
  const validationCount = options.validationCount ?? 2500;
  for (const [name, value] of [
    ['maxTokens', maxTokens],
    ['maxWords', maxWords],
    ['testCount', testCount],
    ['validationCount', validationCount],
  ] as const) {
    const checked = positiveInteger(name, value);
    if (E.isLeft(checked)) return checked;
  }
  const kept = sentences.filter((s) => s.length > 0 && s.length <= maxTokens);
  if (kept.length <= testCount + validationCount) {
    return E.left(
      datasetError('bad-option', 'testCount', `${kept.length} sentences of at most ${maxTokens} tokens leave none for training after ${testCount} test and ${validationCount} validation sentences`),
    );
  }
  const order = permutation(kept.length, prng(options.splitSeed ?? TEXT_SPLIT_SEED));
  const pick = (from: number, to: number): Sentence[] => Array.from(order.subarray(from, to), (i) => kept[i]);
  const test = pick(0, testCount);
  const validation = pick(testCount, testCount + validationCount);
  const train = pick(testCount + validationCount, kept.length);
  const vocabulary = buildVocabulary(train, maxWords);
  const length = maxTokens + 1;
  return E.right({
    splits: {
      train: encodeSplit(train, vocabulary, length),
      validation: encodeSplit(validation, vocabulary, length),
      test: encodeSplit(test, vocabulary, length),
    },
    vocabulary,
    keptSentences: kept.length,
    droppedSentences: sentences.length - kept.length,
  });
};
