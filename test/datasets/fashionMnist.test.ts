import { describe, expect, it } from 'vitest';
import { FASHION_MNIST_CLASSES, loadFashionMnist } from '../../src/datasets/fashionMnist.js';
import { classCounts } from '../../src/datasets/imageSplit.js';
import { leftOf, rightOf, tempDir } from './fixtures.js';

describe('loadFashionMnist (apt dataset-fashion-mnist)', () => {
  const splits = rightOf(loadFashionMnist());

  it('has 60000 training (50000 + 10000 validation) and 10000 test images', () => {
    expect([splits.train.count, splits.validation.count, splits.test.count]).toEqual([50000, 10000, 10000]);
  });

  it('has 6000 training and 1000 test images per class', () => {
    const trainCounts = classCounts(splits.train.labels ?? new Uint8Array(), 10);
    const validationCounts = classCounts(splits.validation.labels ?? new Uint8Array(), 10);

    expect(trainCounts.map((c, k) => c + validationCounts[k])).toEqual(new Array(10).fill(6000));
    expect(classCounts(splits.test.labels ?? new Uint8Array(), 10)).toEqual(new Array(10).fill(1000));
  });

  it('starts with an ankle boot and has pixels spanning 0..255', () => {
    const label = splits.train.labels?.[0] ?? -1;

    expect(FASHION_MNIST_CLASSES[label]).toBe('Ankle boot');
    expect(Math.min(...splits.test.pixels.subarray(0, 784 * 100))).toBe(0);
    expect(Math.max(...splits.test.pixels.subarray(0, 784 * 100))).toBe(255);
  });

  it('tells the user to apt-get install the package when it is missing', () => {
    const error = leftOf(loadFashionMnist(tempDir()));

    expect(error.kind).toBe('missing-file');
    expect(error.message).toContain('apt-get install dataset-fashion-mnist');
  });
});
