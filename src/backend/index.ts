/** Backend choice (node-gpu, node, native, wasm, cpu), strata's wasm training kernels and native OpenBLAS kernels. */
export { backendNames, backendRequest, parseBackendName, autoOrder } from './backend-request.js';
export type { BackendName, BackendRequest, ConcreteBackend } from './backend-request.js';
export { chooseBackend, describeChoice, startBackend, nodePlatform, backendPackages } from './choose-backend.js';
export type { BackendChoice, BackendPlatform } from './choose-backend.js';
export { registerWasmTrainingKernels, wasmTrainingKernelNames } from './kernels/register-wasm-training-kernels.js';
export { registerDilatedConvGradients } from './dilated-conv-gradients.js';
export { defaultAddonPath, loadAddon, type LoadOptions, type NativeAddon } from './native/addon.js';
export { registerCpuKernels, cpuKernelNames } from './kernels/register-cpu-kernels.js';
export { explicitSamePadding, samePaddingKernelNames } from './kernels/explicit-same-padding.js';
