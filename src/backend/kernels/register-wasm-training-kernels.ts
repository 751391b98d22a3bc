/**
 * Registers strata's training kernels on the wasm backend: the convolution
 * gradients it lacks (or runs as a slow loop), matmuls without the slow
 * transpose flags, and forward convolutions with 'same' padding made
 * explicit (XNNPACK's own 'same' padding is wrong when the stride exceeds
 * the filter; see explicit-same-padding.ts). Idempotent: a second call
 * changes nothing.
 */
import { getKernel, registerKernel, unregisterKernel, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input.js';
import { depthwiseBackpropFilterConfig } from './depthwise-backprop-filter.js';
import { depthwiseBackpropInputConfig } from './depthwise-backprop-input.js';
import { withExplicitTransposes } from './explicit-transpose-matmul.js';
import { samePaddingKernelNames, withExplicitSamePadding } from './explicit-same-padding.js';

/** Kernel functions installed by this module, to recognise them on a second call. */
const installed = new WeakSet<KernelFunc>();

const install = (config: KernelConfig): void => {
  if (getKernel(config.kernelName, config.backendName) !== undefined) {
    unregisterKernel(config.kernelName, config.backendName);
  }
  registerKernel(config);
  installed.add(config.kernelFunc);
};

/** Wraps the current wasm kernel `kernelName` with `wrap`, unless this module installed it. */
const wrapKernel = (kernelName: string, wrap: (original: KernelConfig) => KernelConfig): void => {
  const current = getKernel(kernelName, 'wasm');
  if (current === undefined) {
    throw new Error(`register-wasm-training-kernels: the wasm backend has no '${kernelName}' kernel to wrap`);
  }
  if (!installed.has(current.kernelFunc)) install(wrap(current));
};

/** The kernel names this module registers for the wasm backend. */
export const wasmTrainingKernelNames: readonly string[] = [
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
  'BatchMatMul',
  '_FusedMatMul',
  ...samePaddingKernelNames,
];

/**
 * Installs the training kernels for the wasm backend. Requires
 * `@tensorflow/tfjs-backend-wasm` to have been imported (it registers the
 * kernels these are built from).
 */
export const registerWasmTrainingKernels = (): void => {
  [conv2DBackpropFilterConfig, conv2DBackpropInputConfig, depthwiseBackpropFilterConfig, depthwiseBackpropInputConfig]
    .filter((config) => getKernel(config.kernelName, 'wasm')?.kernelFunc !== config.kernelFunc)
    .forEach(install);
  wrapKernel('BatchMatMul', withExplicitTransposes);
  wrapKernel('_FusedMatMul', withExplicitTransposes);
  samePaddingKernelNames.forEach((name) => wrapKernel(name, withExplicitSamePadding));
};
