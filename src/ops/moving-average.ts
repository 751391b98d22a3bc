/**
 * The weights' moving average over lists of tensors, ema <- decay ema +
 * (1 - decay) w: one StrataMovingAverage kernel where a backend registers it
 * (src/backend/native/moving-average.ts, one pass over all variables instead
 * of three kernels per variable), tf ops elsewhere. Not differentiable: it
 * runs after the optimizer step, outside any gradient tape.
 */
import * as tf from '@tensorflow/tfjs';
import { getKernel } from '@tensorflow/tfjs-core';
import { StrataMovingAverage } from './kernel-names.js';

/**
 * decay * emas[i] + (1 - decay) * weights[i] for every i, as new tensors (the
 * caller assigns and disposes them): one StrataMovingAverage kernel on the
 * native backend, three tf ops per pair elsewhere. Throws when the lists'
 * lengths differ.
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
