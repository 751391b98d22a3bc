/**
 * Test helpers for feature maps of the model's size: run a computation with
 * one kernel's fallback disabled, so a result proves that the native path
 * handled every call of that kernel, and compare such maps image by image.
 */
import * as tf from '@tensorflow/tfjs';
import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import * as E from 'fp-ts/lib/Either.js';
import { loadAddon, type KernelFactory } from '../../../src/backend/native/addon.js';

/**
 * Runs `run` with the wasm kernel `kernelName` replaced by the kernel that
 * `factory` makes with a fallback that throws, then restores the kernel.
 */
export async function withoutFallback<T>(kernelName: string, factory: KernelFactory,
  run: () => Promise<T>): Promise<T> {
  const addon = loadAddon();
  const registered = getKernel(kernelName, 'wasm');
  if (E.isLeft(addon) || registered === undefined) {
    throw new Error(`withoutFallback: no addon or no wasm kernel for ${kernelName}`);
  }
  unregisterKernel(kernelName, 'wasm');
  registerKernel({
    ...registered,
    kernelFunc: factory(addon.right, () => {
      throw new Error(`${kernelName} fell back to the wasm kernel`);
    }),
  });
  try {
    return await run();
  } finally {
    unregisterKernel(kernelName, 'wasm');
    registerKernel(registered);
  }
}

/**
 * Tensors split along their first axis. compareWithCpu passes each output's
 * elements to Math.max as arguments, too many for a whole batch of maps.
 */
export const byImage = (tensors: tf.Tensor[]): tf.Tensor[] => tensors.flatMap((t) => tf.unstack(t));
