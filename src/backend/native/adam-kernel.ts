/**
 * StrataAdam: a wasm-backend kernel (no tfjs counterpart) that runs one Adam
 * or Adamax step for one variable in a single native pass, replacing the
 * dozen elementwise kernels of tfjs's optimizers. Outputs [value, m, v].
 * The op, with its portable fallback, is adamStep in src/ops/adam.ts.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type StrataAdamAttrs } from '../../ops/kernel-names.js';
import type { NativeAddon } from './addon.js';
import { heapOf, offsetOf, sizeOf } from './heap.js';

/** The StrataAdam kernel; inputs value, m, v, gradient, all float32 of one size. */
export function adamKernel(addon: NativeAddon, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { value, m, v, gradient } = args.inputs as Record<'value' | 'm' | 'v' | 'gradient', TensorInfo>;
    const operands = [value, m, v, gradient];
    const size = sizeOf(value.shape);
    if (operands.some((t) => t.dtype !== 'float32' || sizeOf(t.shape) !== size)) {
      return fallback(args);
    }
    const backend = args.backend as BackendWasm;
    const outputs = [0, 1, 2].map(() => backend.makeOutput([...value.shape], 'float32'));
    const a = args.attrs as unknown as StrataAdamAttrs;
    const [pIn, mIn, vIn, g, pOut, mOut, vOut] = [...operands, ...outputs]
      .map((t) => offsetOf(backend, t));
    addon.adam(heapOf(backend), a.rule === 'adamax' ? 1 : 0, pIn, mIn, vIn, g, pOut, mOut, vOut,
      size, a.learningRate, a.beta1, a.beta2, a.epsilon, a.correction1, a.correction2);
    return outputs;
  };
}
