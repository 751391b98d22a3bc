import '@tensorflow/tfjs-backend-wasm';
import { getKernel } from '@tensorflow/tfjs-core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { loadAddon } from '../../../src/backend/native/addon.js';
import { registerNativeKernels } from '../../../src/backend/native/register.js';

const hidden = '/nonexistent/strata_native.node';
const built = loadAddon();

describe('loading the native addon', () => {
  it('returns the reason instead of throwing when the addon is hidden', () => {
    const result = loadAddon({ path: hidden });
    expect(E.isLeft(result) && result.left).toMatch(/not built.*build:native/);
  });

  it('honours STRATA_NATIVE_ADDON and leaves the wasm kernels alone when it fails', () => {
    const before = getKernel('BatchMatMul', 'wasm');
    process.env.STRATA_NATIVE_ADDON = hidden;
    try {
      const result = registerNativeKernels();
      expect(E.isLeft(result) && result.left).toContain(hidden);
    } finally {
      delete process.env.STRATA_NATIVE_ADDON;
    }
    expect(getKernel('BatchMatMul', 'wasm')).toBe(before);
  });

  it.skipIf(E.isLeft(built))('rejects a bad thread count (skipped when the addon is not built)', () => {
    const result = loadAddon({ threads: 0 });
    expect(E.isLeft(result) && result.left).toMatch(/positive integer/);
  });

  it.skipIf(E.isLeft(built))('names the entry point and the argument in its errors (skipped when the addon is not built)', () => {
    const addon = E.isRight(built) ? built.right : undefined;
    const heap = new ArrayBuffer(64);

    const outside = (): void => addon!.gemm(heap, 1024, 0, 0, 1, 2, 2, 2, 0, 0, 0, 0);
    const badTable = (): void => addon!.sumOfSquares(heap, new Float64Array([0.5, 1]), 0);

    expect(outside).toThrow('strata_native.gemm: the float array lies outside the heap or is misaligned (argument 1)');
    expect(badTable).toThrow('strata_native.sumOfSquares: a tensor table entry is not a whole number in [0, 2^53]');
  });

  it.skipIf(E.isLeft(built))('names a null array (the wasm backend\'s failed allocation) as an allocation failure (skipped when the addon is not built)', () => {
    // Arrange
    const addon = E.isRight(built) ? built.right : undefined;
    const heap = new ArrayBuffer(64);
    // Act
    const nullOutput = (): void => addon!.gemm(heap, 16, 32, 0, 1, 2, 2, 2, 0, 0, 0, 0);
    // Assert
    expect(nullOutput).toThrow('strata_native.gemm: allocation failed: a null float array (the wasm heap could not grow) (argument 3)');
  });
});
