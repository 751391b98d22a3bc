/**
 * An affine map on the rows a mask keeps, exactly 0 on the others:
 *
 *   y[r] = x[r] w + b  where mask[r] != 0,   y[r] = 0 elsewhere,
 *
 * with the gradients dx[r] = dy[r] w^T on kept rows (0 elsewhere),
 * dw = sum over kept rows of x[r]^T dy[r], db = sum over kept rows of dy[r].
 * It is the text decoder's output layer (src/dsl/nets/lstm.ts), whose rows
 * at PAD targets need no logits: the Categorical scores them 0. Where a
 * backend registers StrataMaskedAffine (native: native/src/masked_affine.h)
 * the masked-out rows are never multiplied, in either direction; on the
 * other CPU backends the portable fallback gathers the kept rows (their
 * indices read back synchronously), multiplies them ({@link affine}) and
 * scatters them into zeros; on webgpu and webgl, where a synchronous read
 * fails or stalls, it multiplies every row and then by the mask. The same
 * values everywhere (up to the order of float additions).
 */
import * as tf from '@tensorflow/tfjs';
import { getGradient, getKernel, registerGradient } from '@tensorflow/tfjs-core';
import { affine } from './affine.js';
import { StrataMaskedAffine, StrataMaskedAffineGrad } from './kernel-names.js';

/**
 * Registers the gradient of StrataMaskedAffine (once): one
 * StrataMaskedAffineGrad kernel computes dx, dw and db together from one
 * gather of dy's kept rows, when the tape asks for the gradients (inside
 * its scope: the ones no thunk returns are disposed with it). A layer whose
 * x needs no gradient still pays for dx; the decoder's always does.
 */
export function registerMaskedAffineGradient(): void {
  if (getGradient(StrataMaskedAffine) !== undefined) return;
  registerGradient({
    kernelName: StrataMaskedAffine,
    inputsToSave: ['x', 'w', 'mask'],
    gradFunc: (dys, saved) => {
      const [x, w, mask] = saved;
      const dy = (Array.isArray(dys) ? dys[0] : dys) as tf.Tensor;
      const [dx, dw, db] = tf.engine().runKernel(StrataMaskedAffineGrad, { dy, x, w, mask }) as tf.Tensor[];
      return { x: () => dx, w: () => dw, b: () => db, mask: () => tf.zerosLike(mask) };
    },
  });
}

/**
 * Backends whose synchronous reads stall or fail (webgpu in Node has no
 * OffscreenCanvas for dataSync; webgl stalls the pipeline): there the
 * portable op is the full product times the mask, with no read back (every
 * row multiplied, as before the PAD skip; the masked-out rows of x must
 * then be finite).
 */
const ASYNC_READ_BACKENDS: ReadonlySet<string> = new Set(['webgpu', 'webgl']);

/** The indices [M] (int32) of the rows whose mask is not 0, read back synchronously: the fallback's row count depends on the data. */
const keptRows = (mask: tf.Tensor): tf.Tensor1D => {
  const kept: number[] = [];
  mask.dataSync().forEach((v, i) => {
    if (v !== 0) kept.push(i);
  });
  return tf.tensor1d(kept, 'int32');
};

/**
 * The fallback's gradient from x with its masked-out rows 0, w and the mask
 * as 0 / 1: dy's masked-out rows set to 0 by a broadcast product (they
 * must be finite), then full products. Gathering dy's rows instead cost
 * more than the rows saved (wasm's GatherV2 of [R, V] rows: 0.6 s a step).
 */
const gradient = (dy: tf.Tensor, [xs, w, m]: tf.Tensor[]): tf.Tensor[] => {
  const dyKept = tf.mul(dy, m.reshape([-1, 1]));
  return [tf.matMul(dyKept, w, false, true), tf.matMul(xs, dyKept, true, false), tf.sum(dyKept, 0), tf.zerosLike(m)];
};

/**
 * The portable op: the kept rows gathered, through {@link affine}, and
 * scattered into zeros (so a masked-out row is exactly +0 and never read).
 * Selecting after a full product instead made plain wasm's step 2.2x
 * slower (its Tile of the [R, 1] condition).
 */
const fallback = tf.customGrad(((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, mask: tf.Tensor, save: tf.GradSaveFunc) => {
  const [rows, outputs] = [x.shape[0], w.shape[1]] as number[];
  const kept = keptRows(mask);
  if (kept.size === 0) {
    save([tf.zerosLike(x), w, tf.zeros([rows])]);
    return { value: tf.zeros([rows, outputs]), gradFunc: gradient };
  }
  const at = kept.reshape([-1, 1]);
  const xKept = tf.gather(x, kept);
  // x with its masked-out rows +0 (never read), for dw.
  save([tf.scatterND(at, xKept, x.shape), w, tf.cast(tf.notEqual(mask, 0), 'float32')]);
  return { value: tf.scatterND(at, affine(xKept, w, b, 'linear'), [rows, outputs]), gradFunc: gradient };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, mask: tf.Tensor) => tf.Tensor;

/**
 * x w + b on the rows of x [R, in] whose mask [R] (any numeric dtype) is not
 * 0, exactly 0 on the others, for w [in, out] and b [out]; differentiable
 * in x, w and b (the masked-out rows pass no gradient). The masked-out rows
 * of x are never read; those of the incoming gradient are not read on
 * native and are multiplied by 0 by the fallback (so must be finite there).
 * Throws for other ranks or mismatched shapes.
 */
export const maskedAffine = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, mask: tf.Tensor): tf.Tensor => {
  if (x.rank !== 2 || w.rank !== 2 || x.shape[1] !== w.shape[0] || b.rank !== 1 || b.shape[0] !== w.shape[1]
    || mask.rank !== 1 || mask.shape[0] !== x.shape[0]) {
    throw new Error(`maskedAffine: expected x [R, in], w [in, out], b [out] and mask [R], got x [${x.shape}], w [${w.shape}], b [${b.shape}] and mask [${mask.shape}]`);
  }
  return tf.tidy(() => {
    const m = mask.dtype === 'float32' ? mask : tf.cast(mask, 'float32');
    if (getKernel(StrataMaskedAffine, tf.getBackend()) === undefined) {
      return ASYNC_READ_BACKENDS.has(tf.getBackend()) ? tf.mul(affine(x, w, b, 'linear'), m.reshape([-1, 1])) : fallback(x, w, b, m);
    }
    registerMaskedAffineGradient();
    return tf.engine().runKernel(StrataMaskedAffine, { x, w, b, mask: m }) as tf.Tensor;
  });
};
