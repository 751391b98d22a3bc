/**
 * The native StrataMaskedAffine and StrataMaskedAffineGrad kernels: the
 * affine map on the rows a mask keeps, 0 on the others, and its gradients,
 * the kept rows gathered into one OpenBLAS product each way
 * (native/src/masked_affine.h). The op, its portable fallback and its
 * gradient live in src/ops/masked-affine.ts.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { StrataMaskedAffine, StrataMaskedAffineGrad } from '../../ops/kernel-names.js';
import type { NativeAddon } from './addon.js';
import { heapOf, offsetOf, requireFloat32 } from './heap.js';

/** StrataMaskedAffine over x [R, in], w [in, out], b [out] and mask [R]: y [R, out]. */
export function maskedAffineKernel(addon: NativeAddon): KernelFunc {
  return (args) => {
    const { x, w, b, mask } = args.inputs as Record<'x' | 'w' | 'b' | 'mask', TensorInfo>;
    requireFloat32(StrataMaskedAffine, { x, w, b, mask });
    const [rows, inputs] = x.shape;
    const outputs = w.shape[1];
    const backend = args.backend as BackendWasm;
    const y = backend.makeOutput([rows, outputs], 'float32');
    const at = (t: TensorInfo): number => offsetOf(backend, t);
    addon.maskedAffine(heapOf(backend), at(x), at(w), at(b), at(mask), at(y), rows, inputs, outputs);
    return y;
  };
}

/** The number of entries of a float32 [R] tensor that are not 0 (NaN counts), read in place. */
const keptRows = (backend: BackendWasm, mask: TensorInfo): number => {
  const values = new Float32Array(heapOf(backend), offsetOf(backend, mask), mask.shape[0]);
  let kept = 0;
  for (const v of values) kept += v !== 0 ? 1 : 0;
  return kept;
};

/** StrataMaskedAffineGrad from dy, x, w and mask: [dx [R, in], dw [in, out], db [out]]. */
export function maskedAffineGradKernel(addon: NativeAddon): KernelFunc {
  return (args) => {
    const { dy, x, w, mask } = args.inputs as Record<'dy' | 'x' | 'w' | 'mask', TensorInfo>;
    requireFloat32(StrataMaskedAffineGrad, { dy, x, w, mask });
    const [rows, inputs] = x.shape;
    const outputs = w.shape[1];
    const backend = args.backend as BackendWasm;
    const kept = keptRows(backend, mask);
    // The gathered rows of dy: a wasm tensor released after the call, so the heap reuses it.
    const scratch = kept * outputs > 0 ? backend.makeOutput([kept, outputs], 'float32') : undefined;
    const dx = backend.makeOutput([rows, inputs], 'float32');
    const dw = backend.makeOutput([inputs, outputs], 'float32');
    const db = backend.makeOutput([outputs], 'float32');
    const at = (t: TensorInfo): number => offsetOf(backend, t);
    try {
      addon.maskedAffineGrad(heapOf(backend), at(dy), at(x), at(w), at(mask), scratch === undefined ? -1 : at(scratch),
        at(dx), at(dw), at(db), rows, inputs, outputs);
    } finally {
      if (scratch !== undefined) backend.disposeData(scratch.dataId);
    }
    return [dx, dw, db];
  };
}
