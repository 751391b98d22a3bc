/**
 * The `native` backend: the wasm backend with its matmul, convolution and
 * bias-gradient kernels replaced by native ones (OpenBLAS, through the
 * strata_native addon), vectorized transcendentals, min / max, tile, slice,
 * concat, split and nearest-neighbour resizing, a copy-free Identity and
 * same-dtype Cast, and kernels of strata's own: fused Adam / Adamax steps,
 * the weights' moving average and the gradients' squared norm over all
 * variables at once, and dropout with strata's seeded mask. Other ops stay
 * on wasm's SIMD kernels; tensors stay in the wasm heap.
 */
import '@tensorflow/tfjs-backend-wasm';
import {
  BatchMatMul, Cast, Concat, Conv2D, Conv2DBackpropFilter, Conv2DBackpropInput, Elu, Exp, FusedConv2D,
  Identity, Log, Log1p, Maximum, Minimum, ResizeNearestNeighbor, ResizeNearestNeighborGrad, Slice,
  Softplus, SplitV, Sum, Tanh, Tile, _FusedMatMul, getKernel, registerKernel, unregisterKernel,
} from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import * as E from 'fp-ts/lib/Either.js';
import { adamInPlaceKernel, StrataAdamInPlace } from './adam-in-place.js';
import { adamKernel, StrataAdam } from './adam-kernel.js';
import { loadAddon, type BlasInfo, type LoadOptions, type NativeAddon } from './addon.js';
import { castKernel } from './cast.js';
import { concatKernel } from './concat.js';
import {
  conv2dBackpropFilterKernel, conv2dBackpropInputKernel, conv2dKernel, fusedConv2dKernel,
} from './conv.js';
import { dropoutKernel, registerDropoutGradient, StrataDropout } from './dropout.js';
import { registerWasmTrainingKernels } from '../kernels/register-wasm-training-kernels.js';
import { minmaxKernel, unaryCodes, unaryKernel } from './elementwise.js';
import { movingAverageKernel, StrataMovingAverage } from './moving-average.js';
import { StrataSumOfSquares, sumOfSquaresKernel } from './sum-of-squares.js';
import { identityKernel } from './identity.js';
import { batchMatMulKernel, fusedMatMulKernel } from './matmul.js';
import { resizeNearestNeighborGradKernel, resizeNearestNeighborKernel } from './resize.js';
import { sliceKernel } from './slice.js';
import { splitVKernel } from './split.js';
import { sumKernel } from './sum.js';
import { tileKernel } from './tile.js';

/** Makes a native kernel from the addon and the kernel it replaces. */
export type KernelFactory = (addon: NativeAddon, fallback: KernelFunc) => KernelFunc;

const factories: ReadonlyArray<readonly [string, KernelFactory]> = [
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
];

/** What {@link registerNativeKernels} installed. */
export interface NativeKernels {
  /** The OpenBLAS behind the kernels. */
  readonly blas: BlasInfo;
  /** The wasm kernels that now run natively (StrataAdam included). */
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
 * Replaces the wasm backend's BatchMatMul, _FusedMatMul, Conv2D,
 * Conv2DBackpropInput, Conv2DBackpropFilter, FusedConv2D, Sum (over leading
 * axes), Exp, Log, Log1p, Softplus, Tanh, Maximum, Minimum, Tile, Slice,
 * Concat, SplitV, ResizeNearestNeighbor and ResizeNearestNeighborGrad by
 * native ones, Identity and Cast (to the same dtype) by ones that share data
 * instead of copying, and adds StrataAdam (the fused step of the optimizers
 * in native-optimizers.ts) and StrataAdamInPlace (a whole step of every
 * variable with its moving average, in place), StrataMovingAverage and StrataSumOfSquares (one
 * kernel per step for the weights' moving average and the gradients' global
 * norm) and StrataDropout (dropout with strata's seeded mask drawn natively).
 * It first installs strata's wasm kernels (registerWasmTrainingKernels), so
 * the kernels it keeps and the fallbacks are the corrected ones. Call it
 * after any other wasm kernel registration (the kernels it replaces serve as
 * fallbacks for inputs the addon does not handle, such as NCHW).
 * Idempotent. Left(reason) when the addon is not built or cannot load; the
 * wasm kernels are then untouched.
 */
export function registerNativeKernels(options: LoadOptions = {}): E.Either<string, NativeKernels> {
  return E.map((addon: NativeAddon) => {
    if (installed !== undefined) return installed;
    // strata's wasm kernels first: the kernels native does not replace (the
    // depthwise convolutions, whose 'same' padding tfjs's wasm gets wrong)
    // and the fallbacks must be the corrected ones.
    registerWasmTrainingKernels();
    replaced = [];
    for (const [kernelName, factory] of factories) {
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
    installed = { blas: addon.info(), kernels: factories.map(([name]) => name) };
    return installed;
  })(loadAddon(options));
}

/** Restores the wasm kernels that {@link registerNativeKernels} replaced. */
export function unregisterNativeKernels(): void {
  if (replaced === undefined) return;
  for (const [kernelName] of factories) unregisterKernel(kernelName, 'wasm');
  for (const config of replaced) registerKernel(config);
  replaced = undefined;
  installed = undefined;
}
