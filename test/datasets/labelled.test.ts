import { describe, expect, it } from 'vitest';
import { classCounts } from '../../src/datasets/imageSplit.js';
import { labelledSubset, subsetMask } from '../../src/datasets/labelled.js';
import { loadMnist } from '../../src/datasets/mnist.js';
import { leftOf, rightOf } from './fixtures.js';

describe('labelledSubset', () => {
  const labels = rightOf(loadMnist()).train.labels ?? new Uint8Array();

  it('spreads 100 labels evenly over the 10 MNIST classes', () => {
    const subset = rightOf(labelledSubset(labels, 100, 10, 1));

    expect(subset.length).toBe(100);
    expect(new Set(subset).size).toBe(100);
    expect(classCounts(Uint8Array.from(subset, (i) => labels[i]), 10)).toEqual(new Array(10).fill(10));
  });

  it('gives the remainder to the first classes', () => {
    const subset = rightOf(labelledSubset(labels, 13, 10, 1));

    expect(classCounts(Uint8Array.from(subset, (i) => labels[i]), 10)).toEqual([2, 2, 2, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('is sorted, reproducible from its seed and changes with it', () => {
    const a = rightOf(labelledSubset(labels, 100, 10, 5));
    const b = rightOf(labelledSubset(labels, 100, 10, 5));
    const c = rightOf(labelledSubset(labels, 100, 10, 6));

    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    expect(Array.from(a)).toEqual(Array.from(a).sort((x, y) => x - y));
  });

  it('refuses more labels than a class holds, or a bad count', () => {
    const tiny = Uint8Array.from([0, 0, 0, 1]);

    expect(leftOf(labelledSubset(tiny, 4, 2, 0)).message).toBe('labels: class 1 has 1 examples, 2 labelled ones were asked for');
    expect(leftOf(labelledSubset(tiny, 0, 2, 0)).kind).toBe('bad-option');
  });
});

describe('subsetMask', () => {
  it('marks the subset', () => {
    expect(Array.from(subsetMask(Uint32Array.from([1, 3]), 5))).toEqual([0, 1, 0, 1, 0]);
  });
});
