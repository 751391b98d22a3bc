/**
 * An affine map followed by an activation, y = act(x w + b), as one op: the
 * forward pass is a single fused matmul kernel (bias and activation in its
 * epilogue) and the gradient is written out, reading the activation's
 * derivative off the output:
 *
 *   dz = dy * act'(z) (from y),  dx = dz w^T,  dw = x^T dz,  db = sum_rows dz.
 *
 * Composed from tfjs ops the same layer costs about 28 kernel calls per
 * training step (MatMul, Add, the activation, their gradients, and the
 * tensors the tape saves for them); this costs 8, on every backend. Only
 * activations whose derivative is a function of the output are fused.
 */
import * as tf from '@tensorflow/tfjs';
import type { Activation } from './net.js';

/** Activations whose derivative {@link affine} reads from the output, as tf.fused names them. */
export type FusedActivation = Extract<Activation, 'linear' | 'relu' | 'elu'>;

/** Whether `activation` can run fused inside {@link affine}. */
export const isFusable = (activation: Activation): activation is FusedActivation =>
  activation === 'linear' || activation === 'relu' || activation === 'elu';

/** dy * act'(z), with act'(z) written in terms of y = act(z). */
const activationGradient = (activation: FusedActivation, dy: tf.Tensor, y: tf.Tensor): tf.Tensor => {
  switch (activation) {
    case 'linear':
      return dy;
    case 'relu':
      return tf.mul(dy, tf.step(y));
    case 'elu':
      return tf.engine().runKernel('EluGrad', { dy, y }) as tf.Tensor;
  }
};

const fusedAffine = (activation: FusedActivation): ((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor) =>
  tf.customGrad(((x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, save: tf.GradSaveFunc) => {
    // The kernel itself (tf.fused.matMul adds its own gradient and reshapes); wasm's reads rank 3.
    const [n, inputs] = x.shape;
    const outputs = w.shape[1];
    const y = tf.reshape(tf.engine().runKernel('_FusedMatMul',
      { a: tf.reshape(x, [1, n, inputs]), b: tf.reshape(w, [1, inputs, outputs]), bias: b },
      { transposeA: false, transposeB: false, activation }) as tf.Tensor, [n, outputs]);
    save(activation === 'linear' ? [x, w] : [x, w, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, [xs, ws, ys]: tf.Tensor[]) => {
        const dz = activationGradient(activation, dy, ys!);
        return [tf.matMul(dz, ws, false, true), tf.matMul(xs, dz, true, false), tf.sum(dz, 0)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);

const fused: Readonly<Record<FusedActivation, (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor>> = {
  linear: fusedAffine('linear'),
  relu: fusedAffine('relu'),
  elu: fusedAffine('elu'),
};

/** act(x w + b) for x [N, in], w [in, out], b [out], as one op with a hand-written gradient. */
export const affine = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, activation: FusedActivation): tf.Tensor =>
  fused[activation](x, w, b);
