/**
 * A whole LSTM sequence as one op: h_t and c_t for t < T from the gates'
 * input part xs [T, N, 4H] (x_t W_x + b for every step, one product the
 * caller makes for the whole sequence) and the recurrent weights wh
 * [H, 4H], with h_{-1} = c_{-1} = 0 and gate order [i, f, o, g]:
 *
 *   z_t = xs_t + h_{t-1} W_h,  i, f, o = sigmoid(z_i, z_f, z_o),  g = tanh(z_g),
 *   c_t = f c_{t-1} + i g,     h_t = o tanh(c_t)     (Hochreiter & Schmidhuber 1997).
 *
 * All four gates are one product per step. Where a backend registers
 * StrataLstm (native: native/src/lstm.h) the whole sequence runs in one
 * kernel call forward and one (StrataLstmGrad) backward, in place of about
 * 12 kernels per step each way; elsewhere the portable fallback is the same
 * per-step formula in tfjs ops, differentiated by the tape.
 */
import * as tf from '@tensorflow/tfjs';
import { getGradient, getKernel, registerGradient } from '@tensorflow/tfjs-core';
import { StrataLstm, StrataLstmGrad } from './kernel-names.js';

/** The fallback: the per-step formula in tfjs ops, hs [T, N, H]. */
const lstmOps = (xs: tf.Tensor3D, wh: tf.Tensor2D): tf.Tensor3D => {
  const [steps, rows, gates] = xs.shape;
  const units = gates / 4;
  const outputs: tf.Tensor[] = [];
  // A zero state, multiplied like any other, so that wh has a gradient (0) even for T = 1.
  let h: tf.Tensor2D = tf.zeros([rows, units]);
  let c: tf.Tensor = tf.zeros([rows, units]);
  for (let t = 0; t < steps; t++) {
    const xt = tf.slice(xs, [t, 0, 0], [1, rows, gates]).reshape([rows, gates]);
    const [i, f, o, g] = tf.split(tf.add(xt, tf.matMul(h, wh)), 4, 1);
    c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
    h = tf.mul(tf.sigmoid(o), tf.tanh(c)) as tf.Tensor2D;
    outputs.push(h);
  }
  return steps === 0 ? tf.zeros([0, rows, units]) : tf.stack(outputs) as tf.Tensor3D;
};

/**
 * Registers the gradient of StrataLstm (once): one StrataLstmGrad call
 * gives both inputs' gradients.
 * Only the gradient of hs flows back (cs and acts are the op's internals).
 */
export function registerLstmGradient(): void {
  if (getGradient(StrataLstm) !== undefined) return;
  registerGradient({
    kernelName: StrataLstm,
    inputsToSave: ['wh'],
    outputsToSave: [true, true, true],
    gradFunc: (dys, saved) => {
      const [wh, hs, cs, acts] = saved;
      const dhs = (Array.isArray(dys) ? dys[0] : dys) as tf.Tensor;
      // Made here, in the backward pass's scope: the tape runs each thunk in
      // a tidy of its own, which would dispose the other output.
      const [dxs, dwh] = tf.engine().runKernel(StrataLstmGrad, { dhs, wh, hs, cs, acts }) as tf.Tensor[];
      return { xs: () => dxs, wh: () => dwh };
    },
  });
}

/**
 * hs [T, N, H]: the hidden states of an LSTM run over the gates' input
 * parts xs [T, N, 4H] with recurrent weights wh [H, 4H] from a zero state.
 * Differentiable in xs and wh. Throws for shapes that do not match.
 */
export const lstmSequence = (xs: tf.Tensor, wh: tf.Tensor): tf.Tensor3D => {
  const units = wh.shape[0];
  if (xs.rank !== 3 || wh.rank !== 2 || wh.shape[1] !== 4 * units || xs.shape[2] !== 4 * units) {
    throw new Error(`lstmSequence: expected xs [T, N, 4H] and wh [H, 4H], got xs [${xs.shape}] and wh [${wh.shape}]`);
  }
  if (getKernel(StrataLstm, tf.getBackend()) === undefined) return lstmOps(xs as tf.Tensor3D, wh as tf.Tensor2D);
  registerLstmGradient();
  const [hs, cs, acts] = tf.engine().runKernel(StrataLstm, { xs, wh }) as tf.Tensor[];
  cs.dispose();
  acts.dispose();
  return hs as tf.Tensor3D;
};
