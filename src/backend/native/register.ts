/**
 * The `native` backend: the wasm backend with some of its kernels replaced
 * by native ones (OpenBLAS and strata's C kernels, through the
 * strata_native addon), and strata's own kernels (src/ops/kernel-names.ts)
 * added. {@link nativeKernels} is the one list of what it installs; the
 * kernels it replaces serve as fallbacks for inputs the addon does not
 * handle. Other ops stay on wasm's SIMD kernels; tensors stay in the wasm heap.
 */
import '@tensorflow/tfjs-backend-wasm';
import {
  BatchMatMul, Cast, Concat, Conv2D, Conv2DBackpropFilter, Conv2DBackpropInput, Elu, Equal, Exp, FusedConv2D,
  Greater, GreaterEqual, Identity, Less, LessEqual, Log, Log1p, LogicalAnd, LogicalOr, Maximum, Minimum, NotEqual,
  ResizeNearestNeighbor, ResizeNearestNeighborGrad, Select, Slice,
  Softplus, SplitV, Sum, Tanh, Tile, _FusedMatMul, getKernel, registerKernel, unregisterKernel,
} from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import * as E from 'fp-ts/lib/Either.js';
import { registerDropoutGradient } from '../../ops/dropout.js';
import {
  StrataActivationBiasGrad, StrataAdam, StrataAdamInPlace, StrataAffine, StrataBernoulliLogProb,
  StrataBernoulliLogProbGrad, StrataDropout, StrataLstm, StrataLstmGrad, StrataMaskedAffine,
  StrataMaskedAffineGrad, StrataMovingAverage, StrataSoftmaxXent, StrataSoftmaxXentGrad, StrataSumOfSquares,
} from '../../ops/kernel-names.js';
import { registerLstmGradient } from '../../ops/lstm.js';
import { registerBernoulliLogProbGradient } from '../../ops/bernoulli-log-prob.js';
import { registerMaskedAffineGradient } from '../../ops/masked-affine.js';
import { registerSoftmaxXentGradient } from '../../ops/softmax-cross-entropy.js';
import { registerWasmTrainingKernels } from '../kernels/register-wasm-training-kernels.js';
import { adamInPlaceKernel } from './adam-in-place.js';
import { activationBiasGradKernel, affineKernel } from './affine.js';
import { bernoulliLogProbGradKernel, bernoulliLogProbKernel } from './bernoulli.js';
import { adamKernel } from './adam-kernel.js';
import { loadAddon, type BlasInfo, type KernelFactory, type LoadOptions, type NativeAddon } from './addon.js';
import { castKernel } from './cast.js';
import { comparisonCodes, compareKernel, logicalKernel, selectKernel } from './compare.js';
import { concatKernel } from './concat.js';
import {
  conv2dBackpropFilterKernel, conv2dBackpropInputKernel, conv2dKernel, fusedConv2dKernel,
} from './conv.js';
import { dropoutKernel } from './dropout.js';
import { minmaxKernel, unaryCodes, unaryKernel } from './elementwise.js';
import { identityKernel } from './identity.js';
import { batchMatMulKernel, fusedMatMulKernel } from './matmul.js';
import { lstmGradKernel, lstmKernel } from './lstm.js';
import { maskedAffineGradKernel, maskedAffineKernel } from './masked-affine.js';
import { movingAverageKernel } from './moving-average.js';
import { resizeNearestNeighborGradKernel, resizeNearestNeighborKernel } from './resize.js';
import { sliceKernel } from './slice.js';
import { softmaxXentGradKernel, softmaxXentKernel } from './softmax-xent.js';
import { splitVKernel } from './split.js';
import { sumOfSquaresKernel } from './sum-of-squares.js';
import { sumKernel } from './sum.js';
import { tileKernel } from './tile.js';

/**
 * Every kernel the native backend installs on wasm, with the factory that
 * makes it: products and convolutions (OpenBLAS), Sum over leading axes,
 * vectorized transcendentals and Elu, min / max, comparisons, logical and /
 * or and select, tile, slice, concat,
 * split, nearest-neighbour resizing, an Identity and a same-dtype Cast that
 * share data instead of copying, and strata's own kernels (the dense layer
 * and its activation-and-bias gradient, the Bernoulli log-likelihood and its
 * gradient, fused Adam /
 * Adamax steps out of and in place, the weights' moving average, the
 * gradients' sum of squares, seeded dropout, the whole-sequence LSTM and
 * the softmax cross-entropy of the text model and its output layer that skips PAD rows, forward and backward). The names registerNativeKernels
 * reports, and the kernels unregisterNativeKernels restores, are this list's.
 */
export const nativeKernels: ReadonlyArray<readonly [kernelName: string, factory: KernelFactory]> = [
  [BatchMatMul, batchMatMulKernel],
  [_FusedMatMul, fusedMatMulKernel],
  [Conv2D, conv2dKernel],
  [Conv2DBackpropInput, conv2dBackpropInputKernel],
  [Conv2DBackpropFilter, conv2dBackpropFilterKernel],
  [FusedConv2D, fusedConv2dKernel],
  [Sum, sumKernel],
  [Identity, identityKernel],
  [Exp, unaryKernel(unaryCodes.Exp)],
  [Log, unaryKernel(unaryCodes.Log)],
  [Log1p, unaryKernel(unaryCodes.Log1p)],
  [Softplus, unaryKernel(unaryCodes.Softplus)],
  [Tanh, unaryKernel(unaryCodes.Tanh)],
  [Elu, unaryKernel(unaryCodes.Elu)],
  [Maximum, minmaxKernel(true)],
  [Minimum, minmaxKernel(false)],
  [Equal, compareKernel(comparisonCodes.Equal)],
  [NotEqual, compareKernel(comparisonCodes.NotEqual)],
  [Less, compareKernel(comparisonCodes.Less)],
  [LessEqual, compareKernel(comparisonCodes.LessEqual)],
  [Greater, compareKernel(comparisonCodes.Greater)],
  [GreaterEqual, compareKernel(comparisonCodes.GreaterEqual)],
  [LogicalOr, logicalKernel(true)],
  [LogicalAnd, logicalKernel(false)],
  [Select, selectKernel],
  [Tile, tileKernel],
  [Slice, sliceKernel],
  [Concat, concatKernel],
  [SplitV, splitVKernel],
  [ResizeNearestNeighbor, resizeNearestNeighborKernel],
  [ResizeNearestNeighborGrad, resizeNearestNeighborGradKernel],
  [Cast, castKernel],
  [StrataAdam, adamKernel],
  [StrataAdamInPlace, adamInPlaceKernel],
  [StrataMovingAverage, movingAverageKernel],
  [StrataSumOfSquares, sumOfSquaresKernel],
  [StrataDropout, dropoutKernel],
  [StrataLstm, lstmKernel],
  [StrataLstmGrad, lstmGradKernel],
  [StrataSoftmaxXent, softmaxXentKernel],
  [StrataSoftmaxXentGrad, softmaxXentGradKernel],
  [StrataAffine, affineKernel],
  [StrataActivationBiasGrad, activationBiasGradKernel],
  [StrataBernoulliLogProb, bernoulliLogProbKernel],
  [StrataBernoulliLogProbGrad, bernoulliLogProbGradKernel],
  [StrataMaskedAffine, maskedAffineKernel],
  [StrataMaskedAffineGrad, maskedAffineGradKernel],
];

/** What {@link registerNativeKernels} installed. */
export interface NativeKernels {
  /** The OpenBLAS behind the kernels. */
  readonly blas: BlasInfo;
  /** The kernels that now run natively: the names of {@link nativeKernels}, in its order. */
  readonly kernels: readonly string[];
}

/** The kernels replaced by the current registration, to restore them. */
let replaced: KernelConfig[] | undefined;
let installed: NativeKernels | undefined;

function missing(kernelName: string): KernelFunc {
  return () => {
    throw new Error(`${kernelName}: no wasm kernel to fall back to for this input`);
  };
}

function swap(config: KernelConfig): void {
  if (getKernel(config.kernelName, 'wasm') !== undefined) {
    unregisterKernel(config.kernelName, 'wasm');
  }
  registerKernel(config);
}

/**
 * Installs every kernel of {@link nativeKernels} on the wasm backend, each
 * replacing (and falling back to) the wasm kernel of its name where there is
 * one, and the gradients of StrataDropout, StrataLstm, StrataSoftmaxXent, StrataMaskedAffine and StrataBernoulliLogProb. It first installs strata's wasm
 * kernels (registerWasmTrainingKernels), so the kernels it keeps and the
 * fallbacks are the corrected ones. Call it after any other wasm kernel
 * registration (the kernels it replaces serve as fallbacks for inputs the
 * addon does not handle, such as NCHW). Idempotent. Left(reason) when the
 * addon is not built or cannot load; the wasm kernels are then untouched.
 */
export function registerNativeKernels(options: LoadOptions = {}): E.Either<string, NativeKernels> {
  return E.map((addon: NativeAddon) => {
    if (installed !== undefined) return installed;
    // strata's wasm kernels first: the kernels native does not replace (the
    // depthwise convolutions, whose 'same' padding tfjs's wasm gets wrong)
    // and the fallbacks must be the corrected ones.
    registerWasmTrainingKernels();
    replaced = [];
    for (const [kernelName, factory] of nativeKernels) {
      const previous = getKernel(kernelName, 'wasm');
      if (previous !== undefined) replaced.push(previous);
      // The replaced kernel's setup still has to run when the backend starts,
      // for the fallback to work.
      swap({
        kernelName,
        backendName: 'wasm',
        setupFunc: previous?.setupFunc,
        kernelFunc: factory(addon, previous?.kernelFunc ?? missing(kernelName)),
      });
    }
    registerDropoutGradient();
    registerLstmGradient();
    registerSoftmaxXentGradient();
    registerMaskedAffineGradient();
    registerBernoulliLogProbGradient();
    installed = { blas: addon.info(), kernels: nativeKernels.map(([name]) => name) };
    return installed;
  })(loadAddon(options));
}

/** Restores the wasm kernels that {@link registerNativeKernels} replaced. */
export function unregisterNativeKernels(): void {
  if (replaced === undefined) return;
  for (const [kernelName] of nativeKernels) unregisterKernel(kernelName, 'wasm');
  for (const config of replaced) registerKernel(config);
  replaced = undefined;
  installed = undefined;
}
