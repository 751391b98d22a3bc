/**
 * Labelled subsets for semi-supervised learning: `count` examples spread as
 * evenly as possible over the classes (the first `count mod classes` classes
 * get one more), chosen by a seeded shuffle within each class; and the split
 * of a training set into its labelled and unlabelled examples.
 */
import * as E from 'fp-ts/lib/Either.js';
import { deriveSeed, permutation, prng } from '../random/prng.js';
import { datasetError, type DatasetError } from './error.js';

/** The sorted indices of `count` labelled examples, evenly over `classes` classes, chosen from `seed`. */
export const labelledSubset = (
  labels: Uint8Array,
  count: number,
  classes: number,
  seed: number,
): E.Either<DatasetError, Uint32Array> => {
  if (!Number.isInteger(count) || count <= 0 || count >= labels.length) {
    return E.left(datasetError('bad-option', 'labels', `the number of labelled examples must be an integer in 1..${labels.length - 1}, got ${count}`));
  }
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  labels.forEach((label, i) => byClass[label]?.push(i));
  const chosen: number[] = [];
  for (let c = 0; c < classes; c++) {
    const wanted = Math.floor(count / classes) + (c < count % classes ? 1 : 0);
    const members = byClass[c];
    if (members.length < wanted) {
      return E.left(datasetError('bad-option', 'labels', `class ${c} has ${members.length} examples, ${wanted} labelled ones were asked for`));
    }
    const order = permutation(members.length, prng(deriveSeed(seed, c)));
    for (let k = 0; k < wanted; k++) chosen.push(members[order[k]]);
  }
  return E.right(Uint32Array.from(chosen).sort());
};

/** The labelled examples of a semi-supervised split and the others (whose labels training never reads). */
export interface LabelledSplit {
  /** Sorted indices of the labelled examples. */
  readonly labelled: Uint32Array;
  /** Sorted indices of every other example of the split. */
  readonly unlabelled: Uint32Array;
}

/**
 * Splits a training set for M2: `count` labelled examples chosen by
 * `labelledSubset` (e.g. 10 per class for 100 over 10 classes) and the
 * remaining N - count examples as the unlabelled set.
 */
export const labelledSplit = (labels: Uint8Array, count: number, classes: number, seed: number): E.Either<DatasetError, LabelledSplit> =>
  E.map((labelled: Uint32Array) => {
    const chosen = new Uint8Array(labels.length);
    for (const i of labelled) chosen[i] = 1;
    const unlabelled = new Uint32Array(labels.length - labelled.length);
    let k = 0;
    for (let i = 0; i < labels.length; i++) if (chosen[i] === 0) unlabelled[k++] = i;
    return { labelled, unlabelled };
  })(labelledSubset(labels, count, classes, seed));
