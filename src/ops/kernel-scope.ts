/**
 * Composing kernels out of other kernels of the same backend.
 *
 * A kernel receives and returns `TensorInfo`s, not `Tensor`s: it may not use
 * the tfjs op API (that would re-enter the engine and its gradient tape).
 * A `KernelScope` runs other registered kernels of one backend directly,
 * remembers every intermediate result, and disposes all of them except the
 * one the composed kernel returns, so a composed kernel leaks no memory.
 */
import { getKernel, type NamedAttrMap, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core';

/** The part of a tfjs backend a composed kernel needs: releasing data. */
export interface DisposingBackend {
  disposeData(dataId: object, force?: boolean): boolean;
}

/** Runs kernels of one backend and tracks their outputs for disposal. */
export interface KernelScope {
  /** Runs the registered kernel `kernelName` and returns its single output. */
  readonly run: (kernelName: string, inputs: NamedTensorInfoMap, attrs?: NamedAttrMap) => TensorInfo;
}

/**
 * Runs `body` with a fresh scope on `backend` (registered as `backendName`)
 * and returns `body`'s result; every other tensor the scope produced is
 * disposed, also when `body` throws.
 */
export const withKernelScope = (
  backendName: string,
  backend: DisposingBackend,
  body: (scope: KernelScope) => TensorInfo,
): TensorInfo => {
  const produced: TensorInfo[] = [];
  const run = (kernelName: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo => {
    const config = getKernel(kernelName, backendName);
    if (config === undefined) {
      throw new Error(`kernel-scope: backend '${backendName}' has no kernel '${kernelName}'`);
    }
    const out = config.kernelFunc({ inputs, backend, attrs });
    if (Array.isArray(out)) {
      out.forEach((t) => backend.disposeData(t.dataId));
      throw new Error(`kernel-scope: kernel '${kernelName}' returned ${out.length} outputs, expected one`);
    }
    produced.push(out);
    return out;
  };
  let result: TensorInfo | undefined;
  try {
    result = body({ run });
    return result;
  } finally {
    produced.filter((t) => t !== result).forEach((t) => backend.disposeData(t.dataId));
  }
};
