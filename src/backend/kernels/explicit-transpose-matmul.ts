/**
 * BatchMatMul and _FusedMatMul for the wasm backend without transpose flags.
 *
 * XNNPACK's matmul in tfjs-backend-wasm is fast only for the plain layout;
 * with transposeA or transposeB it runs 10 to 20 times slower, and every
 * dense layer's backward pass uses those flags (dA = dy B^T, dB = A^T dy).
 * The wrapper transposes the flagged operand explicitly (swapping its last
 * two axes, a memory move) and calls the backend's own kernel with both
 * flags off: op(A) op(B) is unchanged.
 */
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { withKernelScope, type DisposingBackend } from '../../ops/kernel-scope.js';

/** The permutation that swaps the last two axes of a rank-`rank` tensor. */
export const swapLastTwo = (rank: number): number[] => {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
};

/**
 * A kernel config that runs `original` with explicit transposes instead of
 * its transpose flags; it keeps `original`'s setup and dispose functions.
 */
export const withExplicitTransposes = (original: KernelConfig): KernelConfig => {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const flags = (attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    if (flags.transposeA !== true && flags.transposeB !== true) {
      return original.kernelFunc({ inputs, backend, attrs });
    }
    return withKernelScope(original.backendName, backend as DisposingBackend, (scope) => {
      const flip = (t: TensorInfo, flagged: boolean | undefined): TensorInfo =>
        flagged === true ? scope.run('Transpose', { x: t }, { perm: swapLastTwo(t.shape.length) }) : t;
      const a = flip(inputs.a as TensorInfo, flags.transposeA);
      const b = flip(inputs.b as TensorInfo, flags.transposeB);
      const plain: NamedAttrMap = { ...attrs, transposeA: false, transposeB: false };
      return original.kernelFunc({ inputs: { ...inputs, a, b }, backend, attrs: plain }) as TensorInfo;
    });
  };
  return { ...original, kernelFunc };
};
