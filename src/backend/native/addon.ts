/**
 * Loading the strata_native addon (native/, built by `npm run build:native`):
 * OpenBLAS sgemm and im2col convolutions that compute in place inside the
 * tfjs wasm heap. Loading never throws: a missing or broken build is a reason.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { KernelFunc } from '@tensorflow/tfjs-core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { chooseCoreType } from './coretype.js';

/** Facts about the linked OpenBLAS, as the addon reports them. */
export interface BlasInfo {
  /** openblas_get_config(), e.g. "OpenBLAS 0.3.21 ... USE_OPENMP SkylakeX". */
  readonly config: string;
  /** Number of threads OpenBLAS uses. */
  readonly threads: number;
  /** Threading model: sequential, pthreads or openmp. */
  readonly parallel: string;
}

/**
 * The addon's functions. `heap` is the wasm module's memory; every offset is a
 * byte offset of float32 data in it (int32 too for stridedCopy; -1 for an
 * absent optional operand).
 */
export interface NativeAddon {
  /** C[i] = op(A[i]) op(B[i]) for i < batch; a stride of 0 broadcasts. */
  gemm(heap: ArrayBuffer, a: number, b: number, c: number, batch: number, m: number,
    n: number, k: number, transposeA: number, transposeB: number, strideA: number,
    strideB: number): void;
  /** In place on the rows x n matrix at c: add bias, then the activation. */
  biasActivation(heap: ArrayBuffer, c: number, rows: number, n: number, bias: number,
    biasLength: number, activation: number, alpha: number, prelu: number,
    preluLength: number): void;
  /** y = conv2d(x, w) for the packed geometry (see geometry.ts). */
  conv2d(heap: ArrayBuffer, x: number, w: number, y: number, geometry: Int32Array): void;
  /** dx from dy and w. */
  conv2dBackpropInput(heap: ArrayBuffer, dy: number, w: number, dx: number,
    geometry: Int32Array): void;
  /** dw from x and dy. */
  conv2dBackpropFilter(heap: ArrayBuffer, x: number, dy: number, dw: number,
    geometry: Int32Array): void;
  /** One fused Adam (rule 0) or Adamax (rule 1) step over `size` floats (native/src/adam.h). */
  adam(heap: ArrayBuffer, rule: number, p: number, m: number, v: number, g: number, pOut: number,
    mOut: number, vOut: number, size: number, learningRate: number, beta1: number,
    beta2: number, epsilon: number, correction1: number, correction2: number): void;
  /**
   * dz = dy * act'(z) read from y = act(z), and db = column sums of dz, for
   * rows x n matrices; activation numbered as the epilogue's (0 linear, 1 relu, 6 elu).
   */
  activationBiasGrad(heap: ArrayBuffer, dy: number, y: number, dz: number, db: number, rows: number,
    n: number, activation: number): void;
  /** out[c] = sum over r of x[r, c] for the rows x cols matrix at x. */
  columnSums(heap: ArrayBuffer, x: number, out: number, rows: number, cols: number): void;
  /** out[r] = sum over c of x[r, c] for the rows x cols matrix at x. */
  rowSums(heap: ArrayBuffer, x: number, out: number, rows: number, cols: number): void;
  /** out = f(x) elementwise over n floats; f: 0 exp, 1 log, 2 log1p, 3 softplus, 4 tanh, 5 elu. */
  unary(heap: ArrayBuffer, f: number, x: number, out: number, n: number): void;
  /** out = max (maximum 1) or min (0) of a and b over n floats; a length-1 operand broadcasts. */
  minmax(heap: ArrayBuffer, maximum: number, a: number, aLength: number, b: number,
    bLength: number, out: number, n: number): void;
  /**
   * out = a op b over n floats into n bytes (0 / 1); op: 0 equal, 1 not equal, 2 less, 3 less
   * or equal, 4 greater, 5 greater or equal; a length-1 operand broadcasts.
   */
  compare(heap: ArrayBuffer, op: number, a: number, aLength: number, b: number, bLength: number,
    out: number, n: number): void;
  /** out = a or (any 1) / and (any 0) b over n bytes; a length-1 operand broadcasts. */
  logical(heap: ArrayBuffer, any: number, a: number, aLength: number, b: number, bLength: number,
    out: number, n: number): void;
  /** out = condition ? t : e over n floats, condition n bytes. */
  select(heap: ArrayBuffer, condition: number, t: number, e: number, out: number, n: number): void;
  /** out = x l - softplus(l) where x is 0 or 1, else -inf, over n floats (native/src/bernoulli.h). */
  bernoulliLogProb(heap: ArrayBuffer, logits: number, x: number, out: number, n: number): void;
  /** dl = dy x - dy sigmoid(l) where x is 0 or 1, else 0, over n floats. */
  bernoulliLogProbGrad(heap: ArrayBuffer, dy: number, logits: number, x: number, dl: number, n: number): void;
  /** out = x tiled: repeated reps[d] times along each axis d of shape. */
  tile(heap: ArrayBuffer, x: number, out: number, shape: Int32Array, reps: Int32Array): void;
  /** out = x[begin : begin + size] along each axis of shape. */
  slice(heap: ArrayBuffer, x: number, out: number, shape: Int32Array, begin: Int32Array,
    size: Int32Array): void;
  /**
   * ema <- decay ema + (1 - decay) w for every row [ema, w, out, size] of
   * `table` (byte offsets and float counts).
   */
  movingAverage(heap: ArrayBuffer, decay: number, table: Float64Array): void;
  /**
   * The `adam` step in place for every row [p, m, v, g, ema, hasEma, size] of
   * `table`, on gradScale * g, then ema <- emaDecay ema + (1 - emaDecay) p
   * where hasEma is 1 (native/src/adam.h).
   */
  adamInPlace(heap: ArrayBuffer, rule: number, learningRate: number, beta1: number, beta2: number,
    epsilon: number, correction1: number, correction2: number, gradScale: number, emaDecay: number,
    table: Float64Array): void;
  /** The sum of squares of every row [x, size] of `table`, written as one float at out. */
  sumOfSquares(heap: ArrayBuffer, table: Float64Array, out: number): void;
  /**
   * Copies `rows` runs of `width` 4-byte elements from src to dst; run r starts
   * `r * srcStride` elements after src and `r * dstStride` after dst.
   */
  stridedCopy(heap: ArrayBuffer, src: number, srcStride: number, dst: number, dstStride: number,
    rows: number, width: number): void;
  /**
   * out = x resized by nearest neighbour, NHWC, from [batch, inHeight, inWidth,
   * channels] to [batch, outHeight, outWidth, channels]; flags are 0 or 1.
   */
  resizeNearestNeighbor(heap: ArrayBuffer, x: number, out: number, batch: number,
    inHeight: number, inWidth: number, channels: number, outHeight: number, outWidth: number,
    alignCorners: number, halfPixelCenters: number): void;
  /** dx, [batch, inHeight, inWidth, channels], from the resized dy (without half-pixel centers). */
  resizeNearestNeighborGrad(heap: ArrayBuffer, dy: number, dx: number, batch: number,
    inHeight: number, inWidth: number, channels: number, outHeight: number, outWidth: number,
    alignCorners: number): void;
  /** out = x with inverted dropout at `rate`, the mask from strata's stream of `seed` (native/src/dropout.h). */
  dropout(heap: ArrayBuffer, x: number, out: number, n: number, rate: number, seed: number): void;
  /**
   * A whole LSTM sequence of `steps` x `rows` x `units` (native/src/lstm.h):
   * from xs [T, N, 4H] and wh [H, 4H], hs and cs [T, N, H] and the activated
   * gates acts [T, N, 4H].
   */
  lstm(heap: ArrayBuffer, xs: number, wh: number, hs: number, cs: number, acts: number,
    steps: number, rows: number, units: number): void;
  /** The gradient of `lstm`: dxs [T, N, 4H] and dwh [H, 4H] from dhs [T, N, H] and the forward's arrays. */
  lstmGrad(heap: ArrayBuffer, dhs: number, wh: number, hs: number, cs: number, acts: number,
    dxs: number, dwh: number, steps: number, rows: number, units: number): void;
  /**
   * logp [R] = log softmax(logits)[r, targets[r]] and lse [R] for logits [R, V]
   * (native/src/softmax_xent.h); rows whose target equals `pad` (NaN: none) are skipped, logp 0.
   */
  softmaxXent(heap: ArrayBuffer, logits: number, targets: number, logp: number, lse: number,
    rows: number, classes: number, pad: number): void;
  /** dlogits [R, V] = dy ([v = t] - exp(logits - lse)) (0 on rows of constant -inf value and on `pad` rows). */
  softmaxXentGrad(heap: ArrayBuffer, logits: number, targets: number, lse: number, dy: number,
    dlogits: number, rows: number, classes: number, pad: number): void;
  /**
   * y [R, out] = x [R, in] w [in, out] + b [out] on rows whose mask [R] is not 0, 0 on the
   * others: the kept rows as one sgemm (native/src/masked_affine.h).
   */
  maskedAffine(heap: ArrayBuffer, x: number, w: number, b: number, mask: number, y: number,
    rows: number, inputs: number, outputs: number): void;
  /**
   * The gradients of `maskedAffine`: dx [R, in], dw [in, out] and db [out] from dy [R, out],
   * through `scratch`, kept x out floats (kept: the rows whose mask is not 0; -1 when none is).
   */
  maskedAffineGrad(heap: ArrayBuffer, dy: number, x: number, w: number, mask: number, scratch: number,
    dx: number, dw: number, db: number, rows: number, inputs: number, outputs: number): void;
  /** Sets the number of OpenBLAS threads. */
  setThreads(threads: number): void;
  /** Describes the linked OpenBLAS. */
  info(): BlasInfo;
}

/**
 * Makes a native kernel from the addon and the kernel it replaces (the
 * fallback for inputs the addon does not handle); register.ts installs one
 * per entry of its table.
 */
export type KernelFactory = (addon: NativeAddon, fallback: KernelFunc) => KernelFunc;

/** Where `npm run build:native` puts the addon. */
export const defaultAddonPath = fileURLToPath(
  new URL('../../../native/build/Release/strata_native.node', import.meta.url));

/** Options of {@link loadAddon}. */
export interface LoadOptions {
  /** Path of the .node file; default STRATA_NATIVE_ADDON, else {@link defaultAddonPath}. */
  readonly path?: string;
  /** OpenBLAS threads; default STRATA_NATIVE_THREADS, else 2. */
  readonly threads?: number;
}

const cache = new Map<string, E.Either<string, NativeAddon>>();

function threadCount(options: LoadOptions): E.Either<string, number> {
  const raw = options.threads ?? process.env.STRATA_NATIVE_THREADS ?? 2;
  const threads = Number(raw);
  return Number.isInteger(threads) && threads >= 1
    ? E.right(threads)
    : E.left(`STRATA_NATIVE_THREADS must be a positive integer, got ${String(raw)}`);
}

/**
 * Sets an environment variable the library reads when it loads, unless the
 * user set it. OMP_WAIT_POLICY=PASSIVE: OpenMP workers that spin between
 * calls made a training step 3x slower on a busy 2-core machine.
 */
function setDefault(name: string, value: string | undefined): void {
  if (value !== undefined && process.env[name] === undefined) process.env[name] = value;
}

function load(path: string): E.Either<string, NativeAddon> {
  if (!existsSync(path)) {
    return E.left(`native addon not built: ${path} is missing (run \`npx strata build-native\`, ` +
      'or `npm run build:native` in a checkout; it needs g++, make and libopenblas-dev)');
  }
  setDefault('OPENBLAS_CORETYPE', chooseCoreType());
  setDefault('OMP_WAIT_POLICY', 'PASSIVE');
  try {
    return E.right(createRequire(import.meta.url)(path) as NativeAddon);
  } catch (error) {
    return E.left(`native addon ${path} failed to load: ${(error as Error).message}`);
  }
}

/**
 * Loads the addon (once per path) and sets its thread count; Left(reason)
 * when it is not built or cannot load (for example libopenblas is missing).
 */
export function loadAddon(options: LoadOptions = {}): E.Either<string, NativeAddon> {
  const path = options.path ?? process.env.STRATA_NATIVE_ADDON ?? defaultAddonPath;
  const loaded = cache.get(path) ?? load(path);
  cache.set(path, loaded);
  return pipe(
    loaded,
    E.chain((addon) => pipe(threadCount(options), E.map((threads) => {
      addon.setThreads(threads);
      return addon;
    }))),
  );
}
