/**
 * Elementwise kernels that are pathologically slow on wasm: the
 * transcendentals Exp, Log, Log1p, Softplus, Tanh and Elu (scalar libm calls
 * there, vectorized through libmvec and split over threads here) and Maximum / Minimum (26 ms per
 * million floats on wasm, about 40 times an add). Other dtypes, and
 * broadcasting beyond a scalar operand, go to the wasm kernels.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelFactory } from './addon.js';
import { heapOf, offsetOf, sameShape, sizeOf } from './heap.js';

/** The addon's numbering of the transcendentals. */
export const unaryCodes = { Exp: 0, Log: 1, Log1p: 2, Softplus: 3, Tanh: 4, Elu: 5 } as const;

/** The kernel factory for one transcendental. */
export function unaryKernel(code: number): KernelFactory {
  return (addon, fallback) => (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype !== 'float32') return fallback(args);
    const backend = args.backend as BackendWasm;
    const out = backend.makeOutput([...x.shape], 'float32');
    addon.unary(heapOf(backend), code, offsetOf(backend, x), offsetOf(backend, out),
      sizeOf(x.shape));
    return out;
  };
}

/** The shape of a same-shape or scalar-broadcast pair, or undefined for other broadcasts. */
export function pairShape(a: TensorInfo, b: TensorInfo): number[] | undefined {
  const [sa, sb] = [sizeOf(a.shape), sizeOf(b.shape)];
  if (sameShape(a, b)) return [...a.shape];
  if (sb === 1 && b.shape.length <= a.shape.length) return [...a.shape];
  if (sa === 1 && a.shape.length <= b.shape.length) return [...b.shape];
  return undefined;
}

/** The Maximum (maximum true) or Minimum kernel factory. */
export function minmaxKernel(maximum: boolean): KernelFactory {
  return (addon, fallback) => (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const shape = pairShape(a, b);
    if (shape === undefined || a.dtype !== 'float32' || b.dtype !== 'float32') {
      return fallback(args);
    }
    const backend = args.backend as BackendWasm;
    const out = backend.makeOutput(shape, 'float32');
    addon.minmax(heapOf(backend), maximum ? 1 : 0, offsetOf(backend, a), sizeOf(a.shape),
      offsetOf(backend, b), sizeOf(b.shape), offsetOf(backend, out), sizeOf(shape));
    return out;
  };
}
