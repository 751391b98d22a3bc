/**
 * Test helper: run the same computation on the wasm backend (with strata's
 * training kernels) and on the cpu backend, from the same seeded data.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../../../src/backend/kernels/register-wasm-training-kernels.js';
import { registerDilatedConvGradients } from '../../../src/backend/dilated-conv-gradients.js';
import { registerCpuKernels } from '../../../src/backend/kernels/register-cpu-kernels.js';
import { prng } from '../../../src/random/prng.js';

/** Initialises wasm and cpu and installs strata's wasm and cpu kernels and gradients. */
export const setUpWasmAndCpu = async (): Promise<void> => {
  tf.env().set('IS_TEST', true);
  await tf.setBackend('cpu');
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
  registerCpuKernels();
  registerDilatedConvGradients();
};

/** `size` uniform values in [-1, 1) from `seed`. */
export const seededValues = (size: number, seed: number): Float32Array => {
  const rng = prng(seed);
  return Float32Array.from({ length: size }, () => 2 * rng.next() - 1);
};

/** Runs `f` on `backend` and returns its outputs as arrays; no tensor survives. */
export const runOn = async (backend: 'wasm' | 'cpu', f: () => tf.Tensor[]): Promise<Float32Array[]> => {
  await tf.setBackend(backend);
  const outs = f();
  const arrays = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  return arrays;
};

/** max |a - b| / max |a|: the error of `b` relative to the size of `a`. */
export const relativeError = (a: Float32Array, b: Float32Array): number => {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = 1e-6;
  a.forEach((v, i) => {
    diff = Math.max(diff, Math.abs(v - b[i]));
    scale = Math.max(scale, Math.abs(v));
  });
  return diff / scale;
};

/** Tensors alive, and data buffers held by the wasm backend. */
export const liveCounts = (): { tensors: number; wasmBuffers: number } => ({
  tensors: tf.memory().numTensors,
  wasmBuffers: tf.engine().findBackend('wasm').numDataIds(),
});
