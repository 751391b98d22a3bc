/**
 * Cast without a copy when the dtype does not change. tfjs's Multiply
 * gradient casts the other operand to float32 on every backward pass, and
 * wasm's Cast copies even a float32 tensor. Casts that change the dtype go to
 * the wasm kernel: in the wasm heap bool is one byte per element and int32
 * is not float32's encoding, so none of them can share data, unlike the cpu
 * backend's widening casts.
 */
import type { DataType, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** The Cast kernel; strings and changes of dtype go to the wasm kernel. */
export function castKernel(_addon: unknown, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { dtype } = args.attrs as { dtype: DataType };
    if (x.dtype !== dtype || x.dtype === 'string') return fallback(args);
    (args.backend as BackendWasm).incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype };
  };
}
