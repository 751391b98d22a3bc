import { describe, expect, it } from 'vitest';
import { bernoulliInto, binarizeSplit, binarizeSplits } from '../../src/datasets/binarize.js';
import { sliceImageSplit } from '../../src/datasets/imageSplit.js';
import { loadMnist } from '../../src/datasets/mnist.js';
import { mapSplits } from '../../src/datasets/split.js';
import { prng } from '../../src/random/prng.js';
import { rightOf } from './fixtures.js';

const mean = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s / a.length;
};

describe('bernoulliInto', () => {
  it('keeps black pixels 0 and white pixels 1', () => {
    const out = new Float32Array(5);

    bernoulliInto(Uint8Array.from([0, 255, 0, 255, 255]), prng(1), out);

    expect(Array.from(out)).toEqual([0, 1, 0, 1, 1]);
  });

  it('writes at the offset and draws 1 with probability intensity / 255', () => {
    const pixels = new Uint8Array(100000).fill(64);
    const out = new Float32Array(100003);

    bernoulliInto(pixels, prng(7), out, 3);

    expect(Array.from(out.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(mean(out.subarray(3))).toBeCloseTo(64 / 255, 2);
  });
});

describe('binarizeSplit on MNIST', () => {
  const { test } = rightOf(loadMnist());

  it('gives 0/1 pixels whose mean is close to the mean intensity', () => {
    const binary = binarizeSplit(test, 3);

    expect(new Set(binary.pixels).size).toBe(2);
    expect(mean(binary.pixels)).toBeCloseTo(mean(test.pixels) / 255, 3);
    expect(binary.labels).toBe(test.labels);
  });

  it('is reproducible from its seed and differs across seeds', () => {
    const a = binarizeSplit(test, 11).pixels;
    const b = binarizeSplit(test, 11).pixels;
    const c = binarizeSplit(test, 12).pixels;

    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });
});

describe('binarizeSplits', () => {
  it('draws every split with its own seed, the same on every call', () => {
    const splits = mapSplits(rightOf(loadMnist()), (split) => sliceImageSplit(split, 0, 1000));

    const first = binarizeSplits(splits);
    const second = binarizeSplits(splits);

    expect(Buffer.from(first.test.pixels).equals(Buffer.from(second.test.pixels))).toBe(true);
    expect(first.validation.count).toBe(1000);
    expect(Buffer.from(first.validation.pixels).equals(Buffer.from(first.test.pixels))).toBe(false);
  });
});
