/**
 * Comparisons (Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual),
 * LogicalAnd / LogicalOr and Select on native: wasm's take 0.6-1.8 ms per
 * 100k elements, 10-40 times an add, and a Bernoulli likelihood's support
 * check runs three of them and a Select over every pixel (half of an IWAE
 * evaluation's time on wasm). Booleans are the wasm backend's bytes.
 * Same-shape or scalar-broadcast operands of the dtypes below run natively;
 * everything else goes to the wasm kernels.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelFactory, NativeAddon } from './addon.js';
import { pairShape } from './elementwise.js';
import { heapOf, offsetOf, sameShape, sizeOf } from './heap.js';

/** The addon's numbering of the comparisons (native/src/compare.h). */
export const comparisonCodes = { Equal: 0, NotEqual: 1, Less: 2, LessEqual: 3, Greater: 4, GreaterEqual: 5 } as const;

/** The kernel factory for one comparison of float32 operands. */
export function compareKernel(code: number): KernelFactory {
  return (addon, fallback) => (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const shape = pairShape(a, b);
    if (shape === undefined || a.dtype !== 'float32' || b.dtype !== 'float32') return fallback(args);
    const backend = args.backend as BackendWasm;
    const out = backend.makeOutput(shape, 'bool');
    addon.compare(heapOf(backend), code, offsetOf(backend, a), sizeOf(a.shape), offsetOf(backend, b), sizeOf(b.shape),
      offsetOf(backend, out), sizeOf(shape));
    return out;
  };
}

/** The LogicalOr (any true) or LogicalAnd kernel factory, for bool operands. */
export function logicalKernel(any: boolean): KernelFactory {
  return (addon, fallback) => (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const shape = pairShape(a, b);
    if (shape === undefined || a.dtype !== 'bool' || b.dtype !== 'bool') return fallback(args);
    const backend = args.backend as BackendWasm;
    const out = backend.makeOutput(shape, 'bool');
    addon.logical(heapOf(backend), any ? 1 : 0, offsetOf(backend, a), sizeOf(a.shape), offsetOf(backend, b), sizeOf(b.shape),
      offsetOf(backend, out), sizeOf(shape));
    return out;
  };
}

/** The Select kernel (where): a bool condition and float32 t and e, all of one shape. */
export function selectKernel(addon: NativeAddon, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { condition, t, e } = args.inputs as Record<'condition' | 't' | 'e', TensorInfo>;
    if (condition.dtype !== 'bool' || t.dtype !== 'float32' || e.dtype !== 'float32' || !sameShape(condition, t) || !sameShape(t, e)) {
      return fallback(args);
    }
    const backend = args.backend as BackendWasm;
    const out = backend.makeOutput([...t.shape], 'float32');
    addon.select(heapOf(backend), offsetOf(backend, condition), offsetOf(backend, t), offsetOf(backend, e), offsetOf(backend, out),
      sizeOf(t.shape));
    return out;
  };
}
