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
 * tensors the tape saves for them); this costs 8, on every backend. It is
 * a kernel of its own (StrataAffine, delegating to the backend's fused
 * matmul) so that its gradient is computed per input only where needed.
 * Where a backend registers StrataActivationBiasGrad (native), dz and the
 * bias gradient come from one kernel instead of three.
 * Only activations whose derivative is a function of the output are fused.
 */
import * as tf from '@tensorflow/tfjs';
import { getGradient, getKernel, registerGradient, registerKernel, type TensorInfo } from '@tensorflow/tfjs-core';
import { StrataActivationBiasGrad, StrataAffine, type StrataAffineAttrs } from './kernel-names.js';
import { withKernelScope, type DisposingBackend } from './kernel-scope.js';

/** Activations whose derivative {@link affine} reads from the output, as tf.fused names them. */
export type FusedActivation = StrataAffineAttrs['activation'];

/** Whether `activation` (a net's activation name, such as 'tanh') can run fused inside {@link affine}. */
export const isFusable = <A extends string>(activation: A): activation is A & FusedActivation =>
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

/**
 * Registers StrataAffine for `backendName`: the backend's own _FusedMatMul
 * (bias and activation in its epilogue) on rank-3 views of x and w, as
 * wasm's kernel reads them.
 */
const registerAffineKernel = (backendName: string): void => {
  registerKernel({
    kernelName: StrataAffine,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => withKernelScope(backendName, backend as unknown as DisposingBackend, (scope) => {
      const { x, w, b } = inputs as Record<'x' | 'w' | 'b', TensorInfo>;
      const [n, k] = x.shape;
      const m = w.shape[1];
      const y = scope.run('_FusedMatMul',
        { a: scope.run('Reshape', { x }, { shape: [1, n, k] }), b: scope.run('Reshape', { x: w }, { shape: [1, k, m] }), bias: b },
        { transposeA: false, transposeB: false, activation: (attrs as unknown as StrataAffineAttrs).activation });
      return scope.run('Reshape', { x: y }, { shape: [n, m] });
    }),
  });
};

/**
 * The gradient of StrataAffine. dz is computed once per backward pass; each
 * input's gradient is a thunk the tape calls only when that input leads to
 * a variable (a layer reading data gets no dx product).
 */
const registerAffineGradient = (): void => {
  registerGradient({
    kernelName: StrataAffine,
    inputsToSave: ['x', 'w'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, w, y] = saved;
      const { activation } = attrs as unknown as StrataAffineAttrs;
      const [dz, db] = activation !== 'linear' && getKernel(StrataActivationBiasGrad, tf.getBackend()) !== undefined
        ? tf.engine().runKernel(StrataActivationBiasGrad, { dy: dy as tf.Tensor, y }, { activation }) as tf.Tensor[]
        : [activationGradient(activation, dy as tf.Tensor, y)];
      return {
        x: () => tf.matMul(dz, w, false, true),
        w: () => tf.matMul(x, dz, true, false),
        b: () => db ?? tf.sum(dz, 0),
      };
    },
  });
};

/** act(x w + b) for x [N, in], w [in, out], b [out], as one op with a hand-written gradient. */
export const affine = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, activation: FusedActivation): tf.Tensor => {
  if (x.rank !== 2 || w.rank !== 2 || x.shape[1] !== w.shape[0] || b.rank !== 1 || b.shape[0] !== w.shape[1]) {
    throw new Error(`affine: expected x [N, in], w [in, out] and b [out], got x [${x.shape}], w [${w.shape}] and b [${b.shape}]`);
  }
  const backendName = tf.getBackend();
  if (getKernel(StrataAffine, backendName) === undefined) registerAffineKernel(backendName);
  if (getGradient(StrataAffine) === undefined) registerAffineGradient();
  return tf.engine().runKernel(StrataAffine, { x, w, b }, { activation }) as tf.Tensor;
};
