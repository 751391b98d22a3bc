/**
 * Test helper for the differential suite: one computation run on cpu (the
 * reference), wasm (with strata's wasm kernels) and native (wasm with the
 * OpenBLAS addon's kernels registered for the duration of the run), each
 * from the same seeded data. strata's cpu kernels are installed too.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as E from 'fp-ts/lib/Either.js';
import { registerDilatedConvGradients } from '../../src/backend/dilated-conv-gradients.js';
import { registerCpuKernels } from '../../src/backend/kernels/register-cpu-kernels.js';
import { registerWasmTrainingKernels } from '../../src/backend/kernels/register-wasm-training-kernels.js';
import { registerNativeKernels, unregisterNativeKernels } from '../../src/backend/native/register.js';

/** The backends compared; 'native' is the wasm backend with the addon's kernels. */
export type DifferentialBackend = 'cpu' | 'wasm' | 'native';

/** Why native runs are skipped ('' when the addon loads), checked once. */
export const nativeSkipReason = ((): string => {
  const loaded = registerNativeKernels();
  unregisterNativeKernels();
  return E.isLeft(loaded) ? `native addon not available: ${loaded.left}` : '';
})();

/** The backends this process can compare against cpu. */
export const otherBackends: readonly DifferentialBackend[] = nativeSkipReason === '' ? ['wasm', 'native'] : ['wasm'];

/** Initialises cpu and wasm and installs strata's kernels and gradients as the CLI does. */
export const setUpBackends = async (): Promise<void> => {
  await tf.setBackend('cpu');
  await tf.setBackend('wasm');
  registerDilatedConvGradients();
  registerCpuKernels();
  registerWasmTrainingKernels();
};

/**
 * Runs `f` on `backend` and returns what it returns; with 'native' the
 * addon's kernels are registered during the run only. `f` must not leave
 * tensors behind (use tf.tidy and read values out).
 */
export const runOnBackend = async <T>(backend: DifferentialBackend, f: () => T): Promise<T> => {
  await tf.setBackend(backend === 'cpu' ? 'cpu' : 'wasm');
  if (backend !== 'native') return f();
  const loaded = registerNativeKernels();
  if (E.isLeft(loaded)) throw new Error(`runOnBackend: ${loaded.left}`);
  try {
    return f();
  } finally {
    unregisterNativeKernels();
  }
};
