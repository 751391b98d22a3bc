import { describe, expect, it } from 'vitest';
import { imageSource, rowSize, textSource } from '../../src/datasets/exampleSource.js';
import type { ImageSplit } from '../../src/datasets/imageSplit.js';
import { syntheticImages } from './fixtures.js';

const split: ImageSplit = { count: 3, height: 28, width: 28, ...syntheticImages(3) };

describe('imageSource', () => {
  it('writes 8-bit pixels as they are, flat or as an image', () => {
    const flat = imageSource(split, 'uint8');
    const image = imageSource(split, 'uint8', 'image');
    const out = new Float32Array(784 + 2);

    flat.write(2, 0, out, 2);

    expect(flat.rowShape).toEqual([784]);
    expect(image.rowShape).toEqual([28, 28, 1]);
    expect(rowSize(image)).toBe(784);
    expect(Array.from(out.subarray(0, 5))).toEqual([0, 0, 2, 3, 4]);
    expect(flat.labels?.[2]).toBe(2);
  });

  it('draws dynamic binarizations as a function of the noise seed', () => {
    const source = imageSource(split, 'dynamic-binary');
    const [a, b, c] = [new Float32Array(784), new Float32Array(784), new Float32Array(784)];

    source.write(1, 10, a, 0);
    source.write(1, 10, b, 0);
    source.write(1, 11, c, 0);

    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    expect(a.every((v) => v === 0 || v === 1)).toBe(true);
  });
});

describe('textSource', () => {
  it('copies token rows as int32', () => {
    const source = textSource({ count: 2, length: 3, tokens: Int32Array.from([1, 5, 2, 1, 6, 2]), sentences: [['a'], ['b']] });
    const out = new Int32Array(3);

    source.write(1, 0, out, 0);

    expect([source.dtype, source.rowShape]).toEqual(['int32', [3]]);
    expect(Array.from(out)).toEqual([1, 6, 2]);
  });
});
