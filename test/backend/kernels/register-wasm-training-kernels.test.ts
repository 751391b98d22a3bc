/**
 * register-wasm-training-kernels.ts: every listed kernel is installed for
 * wasm, and a second registration changes nothing (no double wrapping).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getKernel } from '@tensorflow/tfjs-core';
import {
  registerWasmTrainingKernels,
  wasmTrainingKernelNames,
} from '../../../src/backend/kernels/register-wasm-training-kernels.js';
import { setUpWasmAndCpu } from './wasm-vs-cpu.js';

describe('registerWasmTrainingKernels', () => {
  beforeAll(setUpWasmAndCpu);

  it('installs every training kernel for wasm', () => {
    const missing = wasmTrainingKernelNames.filter((name) => getKernel(name, 'wasm') === undefined);
    expect(missing).toEqual([]);
  });

  it('is idempotent', () => {
    // Arrange
    const before = wasmTrainingKernelNames.map((name) => getKernel(name, 'wasm').kernelFunc);
    // Act
    registerWasmTrainingKernels();
    // Assert
    expect(wasmTrainingKernelNames.map((name) => getKernel(name, 'wasm').kernelFunc)).toEqual(before);
  });
});
