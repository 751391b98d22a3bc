/**
 * Tile as block copies (tf.tile and tf.broadcastTo both run it). wasm's
 * kernel maps each output element to its input index one at a time: tiling
 * a [48, 1, 1, 32] map to [48, 14, 14, 32] costs milliseconds there.
 * Non-float32 tensors go to the wasm kernel.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelFactory } from './addon.js';
import { heapOf, offsetOf } from './heap.js';

/** The Tile kernel. */
export const tileKernel: KernelFactory = (addon, fallback) => (args) => {
  const { x } = args.inputs as { x: TensorInfo };
  const { reps } = args.attrs as { reps: number[] };
  if (x.dtype !== 'float32' || reps.length !== x.shape.length) return fallback(args);
  const backend = args.backend as BackendWasm;
  const out = backend.makeOutput(x.shape.map((d, i) => d * reps[i]), 'float32');
  addon.tile(heapOf(backend), offsetOf(backend, x), offsetOf(backend, out),
    Int32Array.from(x.shape), Int32Array.from(reps));
  return out;
};
