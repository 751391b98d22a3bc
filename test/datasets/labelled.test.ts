import { describe, expect, it } from 'vitest';
import { classCounts } from '../../src/datasets/imageSplit.js';
import { labelledSplit, labelledSubset } from '../../src/datasets/labelled.js';
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
    const tiny = Uint8Array.from([0, 0, 0, 0, 1]);

    expect(leftOf(labelledSubset(tiny, 4, 2, 0)).message).toBe('labels: class 1 has 1 examples, 2 labelled ones were asked for');
    expect(leftOf(labelledSubset(tiny, 0, 2, 0)).kind).toBe('bad-option');
  });
});

describe('labelledSplit', () => {
  const labels = rightOf(loadMnist()).train.labels ?? new Uint8Array();

  it('holds 10 labelled examples per class for 100 labels and every other example as unlabelled', () => {
    const { labelled, unlabelled } = rightOf(labelledSplit(labels, 100, 10, 1));

    expect(classCounts(Uint8Array.from(labelled, (i) => labels[i]), 10)).toEqual(new Array(10).fill(10));
    expect(labelled.length + unlabelled.length).toBe(labels.length);
    const inLabelled = new Set(labelled);
    expect(unlabelled.every((i) => !inLabelled.has(i))).toBe(true);
    expect(Array.from(unlabelled).every((v, k) => k === 0 || v > unlabelled[k - 1])).toBe(true);
  });

  it('is seeded: the same seed gives the same labelled set', () => {
    expect(rightOf(labelledSplit(labels, 100, 10, 3)).labelled).toEqual(rightOf(labelledSubset(labels, 100, 10, 3)));
    expect(rightOf(labelledSplit(labels, 100, 10, 3)).labelled).not.toEqual(rightOf(labelledSplit(labels, 100, 10, 4)).labelled);
  });

  it('refuses to label every example (nothing would be left unlabelled)', () => {
    expect(leftOf(labelledSplit(Uint8Array.from([0, 1]), 2, 2, 0)).message).toMatch(/integer in 1..1, got 2/);
  });
});
