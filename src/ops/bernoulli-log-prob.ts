/**
 * The Bernoulli log-likelihood of data under logits, elementwise:
 *
 *   log Bern(x; sigmoid(l)) = x l - softplus(l)  where x is 0 or 1,
 *                             -inf               elsewhere (NaN included),
 *
 * with the gradient dl = dy (x - sigmoid(l)) on the support and dy * 0 off
 * it (0, or NaN where dy is not finite, as tfjs's select gradient gives).
 * Not differentiable in x (data, or a Bernoulli sample, which is not
 * reparameterized): a gradient through x throws, on every backend, as the
 * composed ops' support check (Equal, LogicalOr) has none. Where a backend registers
 * StrataBernoulliLogProb (native: native/src/bernoulli.h) the value and the
 * gradient are one kernel each; elsewhere, and for x of another shape or
 * dtype than the logits, the same values come from tfjs ops (a cast, a
 * product, softplus, the support check and a select). Exact and finite for
 * every finite logit on the support.
 */
import * as tf from '@tensorflow/tfjs';
import { getGradient, getKernel, registerGradient, util } from '@tensorflow/tfjs-core';
import { StrataBernoulliLogProb, StrataBernoulliLogProbGrad } from './kernel-names.js';

/** 1 where x is 0 or 1, else 0 (NaN included), as a bool tensor. */
const inSupport = (x: tf.Tensor): tf.Tensor => tf.logicalOr(tf.equal(x, 0), tf.equal(x, 1));

/** The composed value, on every backend. */
const composed = (logits: tf.Tensor, x: tf.Tensor): tf.Tensor => tf.tidy(() => {
  const xf = tf.cast(x, 'float32');
  const support = inSupport(xf);
  // x set to 0 off the support, so that the gradient there is dy * 0 (not dy * 0 * NaN) as the native kernel's.
  const value = tf.sub(tf.mul(tf.where(support, xf, tf.zerosLike(xf)), logits), tf.softplus(logits));
  return tf.where(support, value, tf.fill(value.shape, -Infinity));
});

/** Registers the gradient of StrataBernoulliLogProb (once). */
export function registerBernoulliLogProbGradient(): void {
  if (getGradient(StrataBernoulliLogProb) !== undefined) return;
  registerGradient({
    kernelName: StrataBernoulliLogProb,
    inputsToSave: ['logits', 'x'],
    gradFunc: (dy, saved) => {
      const [logits, x] = saved;
      return { logits: () => tf.engine().runKernel(StrataBernoulliLogProbGrad, { dy: dy as tf.Tensor, logits, x }) as tf.Tensor };
    },
  });
}

/**
 * log Bern(x; sigmoid(logits)) for each element, float32, of the shape
 * `logits` and `x` broadcast to (tfjs's broadcasting rules; an error names
 * both shapes when they do not broadcast); `x` may have any numeric dtype.
 * Differentiable in the logits (see above).
 */
export const bernoulliLogProbElements = (logits: tf.Tensor, x: tf.Tensor): tf.Tensor => {
  if (!util.arraysEqual(x.shape, logits.shape) || x.dtype !== 'float32' || logits.dtype !== 'float32' || getKernel(StrataBernoulliLogProb, tf.getBackend()) === undefined) {
    return composed(logits, x);
  }
  registerBernoulliLogProbGradient();
  return tf.engine().runKernel(StrataBernoulliLogProb, { logits, x }) as tf.Tensor;
};
