/**
 * FLOP accounting of a benchmark step, counted from the kernels the step
 * actually runs (tf.profile's kernel list with input and output shapes), so
 * the count follows the model and the backend's kernel choice (strata's
 * fused kernels included). The rule, one multiply-add = 2 FLOP:
 *
 * - matrix products (MatMul, BatchMatMul, _FusedMatMul, StrataAffine):
 *   2 m k n per product (k recovered from the operand sizes), plus one FLOP
 *   per output element for a fused bias or activation;
 * - convolutions (Conv2D and both gradients, their depthwise forms):
 *   2 per multiply-add of the direct algorithm (N Ho Wo Co kh kw Ci);
 * - every other kernel (elementwise, reductions, transcendentals, copies):
 *   one FLOP per output element. Copies and reshapes are counted too: they
 *   are a small share of a GEMM-bound step and counting them keeps the rule
 *   simple; memory-bound work shows up as a low fraction of peak.
 *
 * An LSTM's gates are matrix products and elementwise kernels, so they are
 * counted by the same rule, also where strata fuses them:
 *
 * - StrataLstm (xs [T, N, 4H]): per step the recurrent product 2 N H 4H
 *   (none at t = 0, whose state is zero) plus one FLOP per gate and per
 *   c_t and h_t element (6 N H); StrataLstmGrad: per step the product back
 *   to h_{t-1} (2 N 4H H, none at t = 0), the dW_h product over all steps
 *   (2 H 4H (T - 1) N) and one FLOP per element of its outputs (dxs, dwh);
 * - the softmax cross-entropy over a vocabulary (StrataSoftmaxXent, logits
 *   [R, V]): 3 FLOP per logit (max, exp, sum) forward and 3 per logit
 *   (exp, scale, subtract) for StrataSoftmaxXentGrad; the unfused ops it
 *   replaces are counted by the general rule;
 * - the masked output layer (StrataMaskedAffine, x [R, in], w [in, out]):
 *   the products of the kept rows only, 2 in out + out per kept row forward
 *   and 4 in out + out for StrataMaskedAffineGrad (dx, dw, db). Which rows a
 *   mask keeps is data, not a shape, so the caller passes their share
 *   (`keptRowShare`: the non-PAD share of a text batch; 1 counts every row).
 */
import * as tf from '@tensorflow/tfjs';

/** FLOPs of one step, in total and per kernel name. */
export interface FlopCount {
  readonly total: number;
  /** FLOPs per kernel name, largest first. */
  readonly byKernel: readonly { readonly kernel: string; readonly flops: number; readonly calls: number }[];
  /** Share of the total in matrix products and convolutions. */
  readonly gemmShare: number;
}

const size = (shape: readonly number[] | undefined): number => (shape ?? []).reduce((a, b) => a * b, 1);

const PRODUCTS = new Set(['MatMul', 'BatchMatMul', '_FusedMatMul', 'StrataAffine', 'StrataLstm', 'StrataLstmGrad',
  'StrataMaskedAffine', 'StrataMaskedAffineGrad']);
const CONVOLUTIONS = new Set(['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'FusedConv2D']);
const DEPTHWISE = new Set(['DepthwiseConv2dNative', 'DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter', 'FusedDepthwiseConv2D']);

/** Shapes of one profiled kernel call. */
export interface KernelCall {
  readonly name: string;
  readonly inputShapes: readonly (readonly number[] | undefined)[];
  readonly outputShapes: readonly (readonly number[] | undefined)[];
}

/** 2 m k n for a product of a [.., m, k] and b [.., k, n] (either transposed) into out [.., m, n]. */
const productFlops = (a: readonly number[], b: readonly number[], out: readonly number[]): number => {
  const batch = size(out.slice(0, -2));
  const k = Math.sqrt((size(a) * size(b)) / (size(out) * Math.max(1, batch)));
  return 2 * size(out) * Math.round(k);
};

/** The filter of a convolution call: the rank-4 input that is not the image (or the output of a filter gradient). */
const filterOf = (call: KernelCall): readonly number[] => {
  if (call.name.endsWith('BackpropFilter')) return call.outputShapes[0] ?? [];
  return call.inputShapes[1] ?? [];
};

/** FLOPs of strata's fused text kernels by the rule above, or undefined for other kernels. */
const textKernelFlops = (call: KernelCall, keptRowShare: number): number | undefined => {
  switch (call.name) {
    case 'StrataMaskedAffine': {
      const [[rows, inputs], [, outputs]] = [call.inputShapes[0] ?? [0, 0], call.inputShapes[1] ?? [0, 0]];
      return keptRowShare * rows * (2 * inputs * outputs + outputs);
    }
    case 'StrataMaskedAffineGrad': {
      const [[rows, outputs], [, inputs]] = [call.inputShapes[0] ?? [0, 0], call.inputShapes[1] ?? [0, 0]];
      return keptRowShare * rows * (4 * inputs * outputs + outputs);
    }
    case 'StrataLstm': {
      const [t, n, g] = call.inputShapes[0] ?? [0, 0, 0];
      const h = g / 4;
      return Math.max(0, t - 1) * 2 * n * h * g + 6 * t * n * h;
    }
    case 'StrataLstmGrad': {
      const [t, n, h] = call.inputShapes[0] ?? [0, 0, 0];
      return Math.max(0, t - 1) * 2 * n * 4 * h * h * 2 + 4 * t * n * h + 4 * h * h;
    }
    case 'StrataSoftmaxXent':
    case 'StrataSoftmaxXentGrad':
      return 3 * size(call.inputShapes[0]);
    default:
      return undefined;
  }
};

/** FLOPs of one kernel call by the rule above (`keptRowShare` in [0, 1], default 1: see StrataMaskedAffine). */
export const kernelFlops = (call: KernelCall, keptRowShare = 1): number => {
  const text = textKernelFlops(call, keptRowShare);
  if (text !== undefined) return text;
  const out = call.outputShapes[0] ?? [];
  if (PRODUCTS.has(call.name)) {
    const [a, b] = call.inputShapes;
    const epilogue = call.name === 'MatMul' || call.name === 'BatchMatMul' ? 0 : size(out);
    return a === undefined || b === undefined ? size(out) : productFlops(a, b, out) + epilogue;
  }
  if (CONVOLUTIONS.has(call.name) || DEPTHWISE.has(call.name)) {
    const [kh, kw, ci] = filterOf(call);
    // The gradient of the output (dy) of a backprop call, or the output of a forward one.
    const dy = call.name.includes('Backprop') ? (call.name.endsWith('BackpropFilter') ? call.inputShapes[1] : call.inputShapes[0]) : out;
    const perOutput = DEPTHWISE.has(call.name) ? kh * kw : kh * kw * ci;
    return 2 * size(dy) * perOutput;
  }
  return size(out);
};

/** Whether a kernel is a matrix product or a convolution (the GEMM share of a step). */
export const isProductKernel = (name: string): boolean => PRODUCTS.has(name) || CONVOLUTIONS.has(name);

/** The m, k, n of one product: [m, k] x [k, n]. */
export type GemmShape = readonly [number, number, number];

/**
 * The products a kernel call computes, as untransposed m, k, n: a matrix
 * product's own (once per batch entry); a convolution's im2col product
 * (N Ho Wo x kh kw Ci x Co; the input gradient N Ho Wo x Co x kh kw Ci; the
 * filter gradient kh kw Ci x N Ho Wo x Co); the fused LSTM's recurrent
 * products (N x H x 4H per step after the first; the gradient's N x 4H x H
 * per step and H x (T - 1) N x 4H for dW_h); the masked output layer's kept
 * rows (`keptRowShare` of them). None for any other kernel (depthwise
 * convolutions included: they are not GEMMs).
 */
export const gemmShapes = (call: KernelCall, keptRowShare = 1): GemmShape[] => {
  const out = call.outputShapes[0] ?? [];
  const [a, b] = call.inputShapes;
  const times = (n: number, shape: GemmShape): GemmShape[] => Array.from({ length: Math.max(0, n) }, () => shape);
  switch (call.name) {
    case 'StrataLstm': {
      const [t, n, g] = a ?? [0, 0, 0];
      return times(t - 1, [n, g / 4, g]);
    }
    case 'StrataLstmGrad': {
      const [t, n, h] = a ?? [0, 0, 0];
      return [...times(t - 1, [n, 4 * h, h]), ...(t > 1 ? [[h, (t - 1) * n, 4 * h] as const] : [])];
    }
    case 'StrataMaskedAffine': {
      const [[rows, inputs], [, outputs]] = [a ?? [0, 0], b ?? [0, 0]];
      return [[Math.round(keptRowShare * rows), inputs, outputs]];
    }
    case 'StrataMaskedAffineGrad': {
      const [[rows, outputs], [, inputs]] = [a ?? [0, 0], b ?? [0, 0]];
      const kept = Math.round(keptRowShare * rows);
      return [[kept, outputs, inputs], [inputs, kept, outputs]];
    }
    default:
      break;
  }
  if (PRODUCTS.has(call.name)) {
    if (a === undefined || b === undefined || out.length < 2) return [];
    const batch = size(out.slice(0, -2));
    const [m, n] = out.slice(-2);
    return times(batch, [m, Math.round(productFlops(a, b, out) / (2 * size(out))), n]);
  }
  if (CONVOLUTIONS.has(call.name)) {
    const [kh, kw, ci] = filterOf(call);
    const dy = call.name.includes('Backprop') ? (call.name.endsWith('BackpropFilter') ? call.inputShapes[1] : call.inputShapes[0]) : out;
    const [nb, ho, wo, co] = dy ?? [0, 0, 0, 0];
    const rows = nb * ho * wo;
    if (call.name.endsWith('BackpropInput')) return [[rows, co, kh * kw * ci]];
    if (call.name.endsWith('BackpropFilter')) return [[kh * kw * ci, rows, co]];
    return [[rows, kh * kw * ci, co]];
  }
  return [];
};

/**
 * Runs `step` once under tf.profile and counts its FLOPs. The step runs for
 * real (its effects, e.g. an optimizer update, happen once more).
 * `keptRowShare`: the share of rows the step's masked products keep (see
 * the rule above; default 1).
 */
export const stepFlops = async (step: () => Promise<unknown> | unknown, keptRowShare = 1): Promise<FlopCount> => {
  const info = await tf.profile(async () => {
    await step();
    return [];
  });
  const byName = new Map<string, { flops: number; calls: number }>();
  for (const k of info.kernels) {
    const call: KernelCall = { name: k.name, inputShapes: k.inputShapes as number[][], outputShapes: k.outputShapes as number[][] };
    const entry = byName.get(k.name) ?? { flops: 0, calls: 0 };
    entry.flops += kernelFlops(call, keptRowShare);
    entry.calls += 1;
    byName.set(k.name, entry);
  }
  const byKernel = [...byName].map(([kernel, v]) => ({ kernel, ...v })).sort((a, b) => b.flops - a.flops);
  const total = byKernel.reduce((s, k) => s + k.flops, 0);
  const gemm = byKernel.filter((k) => PRODUCTS.has(k.kernel) || CONVOLUTIONS.has(k.kernel) || DEPTHWISE.has(k.kernel)).reduce((s, k) => s + k.flops, 0);
  return { total, byKernel, gemmShare: total > 0 ? gemm / total : 0 };
};
