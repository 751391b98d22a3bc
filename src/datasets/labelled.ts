/**
 * Labelled subsets for semi-supervised learning: `count` examples spread as
 * evenly as possible over the classes (the first `count mod classes` classes
 * get one more), chosen by a seeded shuffle within each class.
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
  if (!Number.isInteger(count) || count <= 0 || count > labels.length) {
    return E.left(datasetError('bad-option', 'labels', `the number of labelled examples must be an integer in 1..${labels.length}, got ${count}`));
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

/** A 0/1 mask over `size` examples with 1 at `subset`'s indices. */
export const subsetMask = (subset: Uint32Array, size: number): Uint8Array => {
  const mask = new Uint8Array(size);
  for (const i of subset) mask[i] = 1;
  return mask;
};
