/**
 * StrataMovingAverage: one kernel (no tfjs counterpart) that moves every
 * weight's moving average at once, ema <- decay ema + (1 - decay) w, in a
 * single native pass over all variables instead of three wasm kernels per
 * variable. The op, with its portable fallback, is src/ops/moving-average.ts.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { NativeAddon } from './addon.js';
import { StrataMovingAverage } from '../../ops/kernel-names.js';
import { heapOf, offsetOf, sizeOf } from './heap.js';

/**
 * The StrataMovingAverage kernel: inputs ema0..emaN-1 then w0..wN-1 (float32,
 * each w of its ema's size), attr decay; outputs the N new averages.
 */
export function movingAverageKernel(addon: NativeAddon): KernelFunc {
  return (args) => {
    const inputs = Object.values(args.inputs) as TensorInfo[];
    const count = inputs.length / 2;
    const emas = inputs.slice(0, count);
    const weights = inputs.slice(count);
    emas.forEach((e, i) => {
      const w = weights[i];
      if (e.dtype !== 'float32' || w.dtype !== 'float32' || sizeOf(e.shape) !== sizeOf(w.shape)) {
        throw new Error(`${StrataMovingAverage}: ema${i} (${e.dtype} [${e.shape}]) and w${i} ` +
          `(${w.dtype} [${w.shape}]) must be float32 tensors of one size`);
      }
    });
    const backend = args.backend as BackendWasm;
    const outputs = emas.map((e) => backend.makeOutput([...e.shape], 'float32'));
    const table = Float64Array.from(emas.flatMap((e, i) => [offsetOf(backend, e),
      offsetOf(backend, weights[i]), offsetOf(backend, outputs[i]), sizeOf(e.shape)]));
    addon.movingAverage(heapOf(backend), (args.attrs as { decay: number }).decay, table);
    return outputs;
  };
}
