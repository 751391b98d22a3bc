import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIdxImageSet } from '../../src/datasets/idxImageSet.js';
import { leftOf, rightOf, tempDir, writeIdxImageSet } from './fixtures.js';

const files = (dir: string, validationCount: number) => ({
  dir,
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
  classes: 10,
  validationCount,
  missingHint: 'install the package',
});

describe('loadIdxImageSet', () => {
  it('holds out the last training images as validation, as views', () => {
    const dir = tempDir();
    writeIdxImageSet(dir, 20, 5, true);

    const splits = rightOf(loadIdxImageSet(files(dir, 4)));

    expect([splits.train.count, splits.validation.count, splits.test.count]).toEqual([16, 4, 5]);
    expect(splits.validation.pixels.buffer).toBe(splits.train.pixels.buffer);
    expect(splits.validation.labels?.[0]).toBe(16 % 10);
  });

  it('refuses a training set no larger than the validation split', () => {
    const dir = tempDir();
    writeIdxImageSet(dir, 4, 2, true);

    const error = leftOf(loadIdxImageSet(files(dir, 4)));

    expect(error.kind).toBe('count-mismatch');
    expect(error.message).toContain('holds 4 images, not more than the 4 needed for validation');
  });

  it('names the missing file and the hint', () => {
    const dir = tempDir();

    const error = leftOf(loadIdxImageSet(files(dir, 4)));

    expect(error.message).toBe(`${join(dir, 'train-images-idx3-ubyte.gz')}: file not found; install the package`);
  });
});
