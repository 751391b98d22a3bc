import { describe, expect, it } from 'vitest';
import { isAllocationFailure } from '../../src/train/allocation-failure.js';

describe('isAllocationFailure', () => {
  it.each([
    [new Error('memory access out of bounds'), true],
    [new RangeError('Array buffer allocation failed'), true],
    [new RangeError('Invalid typed array length: 4294967296'), true],
    [new Error('Aborted(OOM)'), true],
    [new Error('Aborted(). Build with -sASSERTIONS for more info.'), true],
    [new Error('strata_native.gemm: allocation failed: a null float array (the wasm heap could not grow) (argument 3)'), true],
    [new Error("node 'x': shapes do not fit"), false],
    [new Error('no room for the zoom level'), false],
  ])('%s -> %s', (e, expected) => {
    // Act / Assert
    expect(isAllocationFailure(e)).toBe(expected);
  });
});
