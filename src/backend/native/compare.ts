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

/** The addon entries of the bool-valued pairwise kernels: (heap, code, a, aLength, b, bLength, out, n). */
type PairEntry = (addon: NativeAddon) => NativeAddon['compare'];

/**
 * A kernel factory for a bool-valued op of two `dtype` operands of one shape
 * (or one a scalar) that runs `entry` with `code`; other inputs go to the
 * fallback.
 */
const pairKernel = (dtype: 'float32' | 'bool', entry: PairEntry, code: number): KernelFactory => (addon, fallback) => (args) => {
  const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
  const shape = pairShape(a, b);
  if (shape === undefined || a.dtype !== dtype || b.dtype !== dtype) return fallback(args);
  const backend = args.backend as BackendWasm;
  const out = backend.makeOutput(shape, 'bool');
  entry(addon).call(addon, heapOf(backend), code, offsetOf(backend, a), sizeOf(a.shape), offsetOf(backend, b), sizeOf(b.shape),
    offsetOf(backend, out), sizeOf(shape));
  return out;
};

/** The kernel factory for one comparison of float32 operands. */
export const compareKernel = (code: number): KernelFactory => pairKernel('float32', (addon) => addon.compare, code);

/** The LogicalOr (any true) or LogicalAnd kernel factory, for bool operands. */
export const logicalKernel = (any: boolean): KernelFactory => pairKernel('bool', (addon) => addon.logical, any ? 1 : 0);

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
