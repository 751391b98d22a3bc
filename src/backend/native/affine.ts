/**
 * The native StrataAffine and StrataActivationBiasGrad kernels. StrataAffine
 * is the native _FusedMatMul kernel called directly on x [N, in] and w [in, out]
 * (one OpenBLAS product, then bias and activation in place), not through the
 * portable kernel's reshapes and nested dispatch; StrataActivationBiasGrad
 * is one pass over dy for dz and the bias gradient
 * (native/src/activation_grad.h). The op and its gradient live in
 * src/ops/affine.ts.
 */
import { _FusedMatMul, getKernel, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { StrataActivationBiasGrad, StrataAffine, type StrataAffineAttrs } from '../../ops/kernel-names.js';
import type { NativeAddon } from './addon.js';
import { activationCodes } from './epilogue.js';
import { heapOf, offsetOf, requireFloat32, requireSameShape } from './heap.js';

/**
 * StrataAffine over x [N, in], w [in, out], b [out], all float32: y [N, out],
 * as the wasm backend's _FusedMatMul (the native one) on x and w as they
 * are. Throws, naming the input, for another dtype (the native product
 * would hand such inputs to wasm's kernel, which reads rank-3 operands), and
 * when the wasm backend has no _FusedMatMul.
 */
export function affineKernel(): KernelFunc {
  return (args) => {
    const fused = getKernel(_FusedMatMul, 'wasm');
    if (fused === undefined) throw new Error(`${StrataAffine}: the wasm backend has no ${_FusedMatMul} kernel`);
    const { x, w, b } = args.inputs as Record<'x' | 'w' | 'b', TensorInfo>;
    requireFloat32(StrataAffine, { x, w, b });
    const { activation } = args.attrs as unknown as StrataAffineAttrs;
    return fused.kernelFunc({ ...args, inputs: { a: x, b: w, bias: b }, attrs: { transposeA: false, transposeB: false, activation } });
  };
}

/** StrataActivationBiasGrad from dy and y [N, out], float32: [dz [N, out], db [out]]. Throws, naming the input, for another dtype or shape. */
export function activationBiasGradKernel(addon: NativeAddon): KernelFunc {
  return (args) => {
    const { dy, y } = args.inputs as Record<'dy' | 'y', TensorInfo>;
    const { activation } = args.attrs as unknown as StrataAffineAttrs;
    requireFloat32(StrataActivationBiasGrad, { dy, y });
    requireSameShape(StrataActivationBiasGrad, { dy, y });
    const [rows, n] = dy.shape;
    const backend = args.backend as BackendWasm;
    const dz = backend.makeOutput([rows, n], 'float32');
    const db = backend.makeOutput([n], 'float32');
    const at = (t: TensorInfo): number => offsetOf(backend, t);
    addon.activationBiasGrad(heapOf(backend), at(dy), at(y), at(dz), at(db), rows, n, activationCodes[activation]);
    return [dz, db];
  };
}
