/**
 * StrataMovingAverage: one kernel (no tfjs counterpart) that moves every
 * weight's moving average at once, ema <- decay ema + (1 - decay) w, in a
 * single native pass over all variables instead of three wasm kernels per
 * variable. {@link movingAverages} uses it where it is registered and tf ops
 * elsewhere.
 */
import * as tf from '@tensorflow/tfjs';
import { getKernel } from '@tensorflow/tfjs-core';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { NativeAddon } from './addon.js';
import { heapOf, offsetOf, sizeOf } from './heap.js';

/** The kernel's name, for tf.engine().runKernel. */
export const StrataMovingAverage = 'StrataMovingAverage';

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

/**
 * decay * emas[i] + (1 - decay) * weights[i] for every i, as new tensors (the
 * caller assigns and disposes them): one StrataMovingAverage kernel on the
 * native backend, three tf ops per pair elsewhere.
 */
export function movingAverages(emas: readonly tf.Tensor[], weights: readonly tf.Tensor[],
  decay: number): tf.Tensor[] {
  if (emas.length !== weights.length) {
    throw new Error(`movingAverages: ${emas.length} averages but ${weights.length} weights`);
  }
  if (emas.length === 0) return [];
  if (getKernel(StrataMovingAverage, tf.getBackend()) === undefined) {
    return emas.map((e, i) => tf.tidy(() => tf.add(tf.mul(e, decay), tf.mul(weights[i], 1 - decay))));
  }
  const inputs: Record<string, tf.Tensor> = {};
  emas.forEach((e, i) => { inputs[`ema${i}`] = e; });
  weights.forEach((w, i) => { inputs[`w${i}`] = w; });
  return tf.engine().runKernel(StrataMovingAverage, inputs, { decay }) as unknown as tf.Tensor[];
}
