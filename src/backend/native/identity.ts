/**
 * Identity without a copy. tfjs clones every tensor the gradient tape saves
 * (about 70 per MLP VAE step); wasm's Identity copies each one, while the
 * cpu backend, like wasm's own Reshape, shares the data and counts references.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** The Identity kernel; strings go to the wasm kernel. */
export function identityKernel(_addon: unknown, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype === 'string') return fallback(args);
    (args.backend as BackendWasm).incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
}
