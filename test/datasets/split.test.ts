import { describe, expect, it } from 'vitest';
import { mapSplits, SPLITS } from '../../src/datasets/split.js';

describe('mapSplits', () => {
  it('applies the function to every split, with its name', () => {
    const out = mapSplits({ train: 1, validation: 2, test: 3 }, (n, name) => `${name}:${n * 10}`);

    expect(out).toEqual({ train: 'train:10', validation: 'validation:20', test: 'test:30' });
    expect(SPLITS).toEqual(['train', 'validation', 'test']);
  });
});
