/**
 * Registers strata's corrections of the cpu backend's kernels (today the
 * nearest-neighbour resize gradient; see cpu-resize-nearest-grad.ts).
 * Needs only tfjs-core: a kernel registered for 'cpu' is used whenever the
 * cpu backend runs, whether or not it is active now. Idempotent.
 */
import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { cpuResizeNearestNeighborGradConfig } from './cpu-resize-nearest-grad.js';

/** The kernel names this module registers for the cpu backend. */
export const cpuKernelNames: readonly string[] = [cpuResizeNearestNeighborGradConfig.kernelName];

/** Installs strata's cpu kernels, replacing tfjs's. */
export const registerCpuKernels = (): void => {
  [cpuResizeNearestNeighborGradConfig].forEach((config) => {
    const current = getKernel(config.kernelName, config.backendName);
    if (current?.kernelFunc === config.kernelFunc) return;
    if (current !== undefined) unregisterKernel(config.kernelName, config.backendName);
    registerKernel(config);
  });
};
