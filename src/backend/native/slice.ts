/**
 * Slice as copies of contiguous runs. tfjs's Tile gradient slices dy once
 * per repetition (196 slices to tile a vector over a 14 x 14 map), where
 * wasm's Slice costs a fifth of a millisecond each. Non-float32 tensors go
 * to the wasm kernel.
 */
import { slice_util } from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelFactory } from './addon.js';
import { heapOf, offsetOf } from './heap.js';

/** The Slice kernel. */
export const sliceKernel: KernelFactory = (addon, fallback) => (args) => {
  const { x } = args.inputs as { x: TensorInfo };
  const { begin, size } = args.attrs as { begin: number | number[]; size: number | number[] };
  if (x.dtype !== 'float32') return fallback(args);
  const [start, extent] = slice_util.parseSliceParams(x as never, begin, size);
  slice_util.assertParamsValid(x as never, start, extent);
  const backend = args.backend as BackendWasm;
  const out = backend.makeOutput(extent, 'float32');
  addon.slice(heapOf(backend), offsetOf(backend, x), offsetOf(backend, out),
    Int32Array.from(x.shape), Int32Array.from(start), Int32Array.from(extent));
  return out;
};
