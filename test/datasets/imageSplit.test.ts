import { describe, expect, it } from 'vitest';
import { classCounts, imageSize, readImageSplit, sliceImageSplit } from '../../src/datasets/imageSplit.js';
import { idxBytes, leftOf, rightOf, syntheticImages, tempDir, writeBytes } from './fixtures.js';

const writePair = (imageCount: number, labelCount: number, labels?: Uint8Array) => {
  const dir = tempDir();
  const { pixels } = syntheticImages(imageCount);
  const images = writeBytes(dir, 'images', idxBytes([imageCount, 28, 28], pixels));
  const labelFile = writeBytes(dir, 'labels', idxBytes([labelCount], labels ?? syntheticImages(labelCount).labels));
  return { images, labels: labelFile, classes: 10 };
};

describe('readImageSplit', () => {
  it('reads matching image and label files', () => {
    const files = writePair(12, 12);

    const split = rightOf(readImageSplit(files));

    expect(split.count).toBe(12);
    expect([split.height, split.width]).toEqual([28, 28]);
    expect(split.pixels.length).toBe(12 * 784);
    expect(Array.from(split.labels ?? [])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
  });

  it('reports a label count different from the image count, naming both files', () => {
    const files = writePair(12, 11);

    const error = leftOf(readImageSplit(files));

    expect(error.kind).toBe('count-mismatch');
    expect(error.message).toBe(`${files.labels}: holds 11 labels but ${files.images} holds 12 images`);
  });

  it('reports a label outside the classes', () => {
    const files = writePair(3, 3, Uint8Array.from([1, 10, 2]));

    const error = leftOf(readImageSplit(files));

    expect(error.kind).toBe('bad-value');
    expect(error.message).toBe(`${files.labels}: label 10 at index 1 is outside 0..9`);
  });

  it('reports label and image files swapped', () => {
    const files = writePair(3, 3);

    const error = leftOf(readImageSplit({ ...files, images: files.labels, labels: files.images }));

    expect(error.kind).toBe('bad-header');
    expect(error.message).toContain(`${files.labels}: expected images with 3 dimension(s), found [3]`);
  });
});

describe('sliceImageSplit', () => {
  it('makes views on the same memory', () => {
    const split = rightOf(readImageSplit(writePair(10, 10)));

    const tail = sliceImageSplit(split, 7, 10);

    expect(tail.count).toBe(3);
    expect(tail.pixels.buffer).toBe(split.pixels.buffer);
    expect(tail.pixels[0]).toBe(split.pixels[7 * imageSize(split)]);
    expect(Array.from(tail.labels ?? [])).toEqual([7, 8, 9]);
  });
});

describe('classCounts', () => {
  it('counts each class', () => {
    const labels = Uint8Array.from([0, 2, 2, 1, 2]);

    expect(classCounts(labels, 4)).toEqual([1, 1, 3, 0]);
  });
});
