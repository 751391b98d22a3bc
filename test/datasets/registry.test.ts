import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binarizeSplit, STATIC_BINARIZATION_SEED } from '../../src/datasets/binarize.js';
import { loadMnist } from '../../src/datasets/mnist.js';
import { isDatasetName, listDatasets, loadDataset, type LoadedDataset } from '../../src/datasets/registry.js';
import { deriveSeed } from '../../src/random/prng.js';
import { amatRow, amatText, idxBytes, leftOf, rightOf, tempDir, writeBytes, writeIdxImageSet, writeTaggedCorpus } from './fixtures.js';

const loaded = new Map<string, LoadedDataset>();
const loadOnce = (name: string): LoadedDataset => {
  const cached = loaded.get(name) ?? rightOf(loadDataset(name));
  loaded.set(name, cached);
  return cached;
};

describe('listDatasets', () => {
  it('lists the eight built-in data sets with their likelihoods', () => {
    const list = listDatasets();

    expect(list.map((d) => [d.name, d.likelihood])).toEqual([
      ['mnist-dyn', 'bernoulli'],
      ['mnist-static', 'bernoulli'],
      ['mnist-threshold', 'bernoulli'],
      ['mnist-8bit', 'discretized-logistic'],
      ['fashion-mnist', 'bernoulli'],
      ['fashion-mnist-threshold', 'bernoulli'],
      ['fashion-mnist-8bit', 'discretized-logistic'],
      ['brown', 'categorical-tokens'],
    ]);
    expect(isDatasetName('mnist-dyn')).toBe(true);
    expect(isDatasetName('cifar10')).toBe(false);
  });

  it('describes exactly what loading with default options gives', () => {
    for (const listed of listDatasets()) {
      const descriptor = loadOnce(listed.name).descriptor;

      expect(descriptor).toEqual(listed);
    }
  });
});

describe('loadDataset', () => {
  it('names an unknown data set and lists the known ones', () => {
    const error = leftOf(loadDataset('cifar10'));

    expect(error.kind).toBe('unknown-dataset');
    expect(error.message).toContain('cifar10: unknown data set; known: mnist-dyn, mnist-static');
  });

  it("gives 'mnist-static' as 0/1 images drawn once from the fixed static seed", () => {
    const dataset = loadOnce('mnist-static');
    const expected = binarizeSplit(rightOf(loadMnist()).test, deriveSeed(STATIC_BINARIZATION_SEED, 2));

    if (dataset.kind !== 'image') throw new Error('expected images');
    expect(new Set(dataset.splits.test.pixels)).toEqual(new Set([0, 1]));
    expect(Buffer.from(dataset.splits.test.pixels).equals(Buffer.from(expected.pixels))).toBe(true);
  });

  it("gives 'mnist-threshold' and 'fashion-mnist-threshold' as pixels 1 exactly where the intensity is at least 128", () => {
    for (const [name, grey] of [
      ['mnist-threshold', 'mnist-8bit'],
      ['fashion-mnist-threshold', 'fashion-mnist-8bit'],
    ] as const) {
      const binary = loadOnce(name);
      const levels = loadOnce(grey);
      if (binary.kind !== 'image' || levels.kind !== 'image') throw new Error('expected images');

      const expected = levels.splits.test.pixels.map((v) => (v > 255 / 2 ? 1 : 0));

      expect(binary.descriptor.encoding).toBe('binary');
      expect(Buffer.from(binary.splits.test.pixels).equals(Buffer.from(expected))).toBe(true);
    }
  });

  it("reads Larochelle .amat files for 'mnist-static' when given amatDir, without classes", () => {
    const dir = tempDir();
    for (const name of ['train', 'valid', 'test']) writeFileSync(join(dir, `binarized_mnist_${name}.amat`), amatText([amatRow(2), amatRow(3)]));

    const loaded = rightOf(loadDataset('mnist-static', { amatDir: dir }));

    expect(loaded.descriptor.sizes).toEqual({ train: 2, validation: 2, test: 2 });
    expect(loaded.kind === 'image' && loaded.descriptor.classes).toBeUndefined();
  });

  it('passes text options through and reports the actual vocabulary size', () => {
    const brownDir = writeTaggedCorpus(30);

    const dataset = rightOf(loadDataset('brown', { brownDir, text: { maxTokens: 20, maxWords: 5, testCount: 4, validationCount: 2 } }));

    expect(dataset.descriptor.shape).toEqual([21]);
    expect(dataset.descriptor.sizes).toEqual({ train: 24, validation: 2, test: 4 });
    expect(dataset.kind === 'text' && dataset.descriptor.vocabularySize).toBe(9);
  });

  it('gives each bad MNIST file its own message naming the file, without crashing', () => {
    const broken = (damage: (dir: string) => void): string => {
      const dir = tempDir();
      writeIdxImageSet(dir, 12, 3);
      damage(dir);
      return leftOf(loadDataset('mnist-8bit', { mnistDir: dir })).message;
    };
    const images = (dir: string) => join(dir, 'train-images-idx3-ubyte');

    const truncated = broken((dir) => truncateSync(images(dir), 16 + 784 * 12 - 100));
    const wrongMagic = broken((dir) => writeFileSync(images(dir), Buffer.from('PNG, not IDX at all')));
    const wrongCount = broken((dir) => writeBytes(dir, 'train-labels-idx1-ubyte', idxBytes([11], new Uint8Array(11))));

    expect(truncated).toMatch(/train-images-idx3-ubyte: truncated: the header \[12, 28, 28\] promises 9408 bytes of data, the file holds 9308$/);
    expect(wrongMagic).toMatch(/train-images-idx3-ubyte: wrong magic number 0x50 0x4e 0x47 0x2c; not an IDX file$/);
    expect(wrongCount).toMatch(/train-labels-idx1-ubyte: holds 11 labels but .*train-images-idx3-ubyte holds 12 images$/);
  });

  it('reports a missing Fashion-MNIST with the apt-get hint', () => {
    const error = leftOf(loadDataset('fashion-mnist', { fashionDir: tempDir() }));

    expect(error.message).toContain('apt-get install dataset-fashion-mnist');
  });
});
