/**
 * The bias + activation that _FusedMatMul and FusedConv2D apply after their
 * product, run by the addon in place on the output. Shapes it cannot do
 * natively (a bias that varies along rows) are reported so the kernel falls
 * back to the wasm one.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { NativeAddon } from './addon.js';
import { heapOf, offsetOf, sizeOf } from './heap.js';

/** The addon's activation numbers (native/src/epilogue.h), by tfjs's activation names. */
export const activationCodes: Readonly<Record<string, number>> = {
  linear: 0, relu: 1, relu6: 2, prelu: 3, leakyrelu: 4, sigmoid: 5, elu: 6,
};

/** A supported epilogue: the activation code and the column vectors it reads. */
export interface Epilogue {
  readonly activation: number;
  readonly alpha: number;
  readonly bias?: TensorInfo;
  readonly prelu?: TensorInfo;
}

/** The fused inputs and attributes an epilogue is made from. */
export interface EpilogueSpec {
  readonly bias?: TensorInfo;
  readonly preluActivationWeights?: TensorInfo;
  readonly activation?: string;
  readonly leakyreluAlpha?: number;
}

function isColumnVector(t: TensorInfo | undefined, columns: number): boolean {
  if (t === undefined) return true;
  const size = sizeOf(t.shape);
  return t.dtype === 'float32' &&
    (size === 1 || (size === columns && t.shape[t.shape.length - 1] === columns));
}

/**
 * The epilogue for an output with `columns` columns, or undefined when the
 * activation, dtype or broadcasting is not one the addon implements.
 */
export function planEpilogue(spec: EpilogueSpec, columns: number): Epilogue | undefined {
  const activation = activationCodes[spec.activation ?? 'linear'];
  const prelu = activation === activationCodes.prelu ? spec.preluActivationWeights : undefined;
  if (activation === undefined || !isColumnVector(spec.bias, columns) ||
    !isColumnVector(prelu, columns) ||
    (activation === activationCodes.prelu && prelu === undefined)) {
    return undefined;
  }
  return { activation, alpha: spec.leakyreluAlpha ?? 0, bias: spec.bias, prelu };
}

/** Applies the epilogue in place to the rows x columns float32 output. */
export function applyEpilogue(addon: NativeAddon, backend: BackendWasm, plan: Epilogue,
  out: TensorInfo, rows: number, columns: number): void {
  if (plan.bias === undefined && plan.activation === activationCodes.linear) return;
  const vector = (t: TensorInfo | undefined): [number, number] =>
    t === undefined ? [-1, 0] : [offsetOf(backend, t), sizeOf(t.shape)];
  addon.biasActivation(heapOf(backend), offsetOf(backend, out), rows, columns,
    ...vector(plan.bias), plan.activation, plan.alpha, ...vector(plan.prelu));
}
