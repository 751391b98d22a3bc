/**
 * The native StrataDropout kernel: inverted dropout whose mask is strata's
 * seeded stream (src/random/prng.ts fillUniform), drawn in C: the same mask
 * as the portable path of src/ops/dropout.ts for the same seed, without a
 * mask tensor to upload, multiply or keep for the tape. The op and its
 * gradient live in src/ops/dropout.ts.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { StrataDropout, type StrataDropoutAttrs } from '../../ops/kernel-names.js';
import type { NativeAddon } from './addon.js';
import { heapOf, offsetOf, sizeOf } from './heap.js';

/** The StrataDropout kernel over a float32 input x (attrs rate, seed). */
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
