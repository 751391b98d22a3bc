/**
 * StrataDropout: inverted dropout as one kernel (no tfjs counterpart) whose
 * mask is strata's seeded stream (src/random/prng.ts fillUniform), drawn in
 * C: the same mask as the JavaScript path of the DSL's dropout for the same
 * seed, without a mask tensor to upload, multiply or keep for the tape. Its
 * gradient is the same kernel on dy: the seed redraws the mask.
 */
import * as tf from '@tensorflow/tfjs';
import { getGradient, registerGradient } from '@tensorflow/tfjs-core';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { NativeAddon } from './addon.js';
import { StrataDropout } from '../../ops/kernel-names.js';
import { heapOf, offsetOf, sizeOf } from './heap.js';

/** The kernel's name, for tf.engine().runKernel (declared in src/ops/kernel-names.ts). */
export { StrataDropout };

/** Attributes: the drop probability in [0, 1) and the mask's seed (uint32). */
export interface StrataDropoutAttrs {
  readonly rate: number;
  readonly seed: number;
}

/** The StrataDropout kernel over a float32 input x. */
export function dropoutKernel(addon: NativeAddon): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { rate, seed } = args.attrs as unknown as StrataDropoutAttrs;
    if (x.dtype !== 'float32') throw new Error(`${StrataDropout}: x must be float32, got ${x.dtype}`);
    const backend = args.backend as BackendWasm;
    const out = backend.makeOutput([...x.shape], 'float32');
    addon.dropout(heapOf(backend), offsetOf(backend, x), offsetOf(backend, out), sizeOf(x.shape), rate, seed);
    return out;
  };
}

/** Registers the gradient of StrataDropout (once): the same mask applied to dy. */
export function registerDropoutGradient(): void {
  if (getGradient(StrataDropout) !== undefined) return;
  registerGradient({
    kernelName: StrataDropout,
    gradFunc: (dy, _saved, attrs) => ({
      x: () => tf.engine().runKernel(StrataDropout, { x: dy as tf.Tensor }, attrs) as tf.Tensor,
    }),
  });
}
