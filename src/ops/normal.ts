/**
 * The Normal's elementwise formulas as single ops with their gradients
 * written out. Composed from tfjs ops, a KL term is eleven kernels forward,
 * each saving its inputs for the tape, and about twenty backward; as one
 * op (tf.customGrad) the forward kernels are not taped and the backward
 * pass is the few products below. Same values, fewer kernel calls on every
 * backend. Inputs of different shapes (broadcasting) take the composed
 * formula, whose tfjs gradients reduce over the broadcast axes. These ops
 * have no kernel of their own: the composed formula is their portable
 * implementation on every backend, and the gradient is tf.customGrad's.
 */
import * as tf from '@tensorflow/tfjs';

/** log(2 pi) / 2, the Normal's log normalizer at unit scale (as dsl/distributions/event.ts). */
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** sigma = softplus(raw) + MIN_SCALE keeps log sigma >= -10. */
export const MIN_SCALE = Math.exp(-10);

type Elementwise = (...xs: tf.Tensor[]) => tf.Tensor;

/**
 * An op over same-shape tensors computed by `value` with the gradient
 * `gradient(dy, inputs, output)` (one tensor per input, each of its shape);
 * the tape keeps the output only when `usesOutput`.
 */
const elementwiseOp = (value: Elementwise, usesOutput: boolean,
  gradient: (dy: tf.Tensor, xs: tf.Tensor[], y: tf.Tensor) => tf.Tensor[]): Elementwise => {
  const op = tf.customGrad(((...args: unknown[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const xs = args as tf.Tensor[];
    const y = value(...xs);
    save(usesOutput ? [...xs, y] : xs);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        gradient(dy, saved.slice(0, xs.length), saved[xs.length]),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return (...xs) => (xs.every((x) => tf.util.arraysEqual(x.shape, xs[0].shape)) ? op(...xs) : value(...xs));
};

const logDensityValue = (x: tf.Tensor, loc: tf.Tensor, logScale: tf.Tensor): tf.Tensor => {
  const z = tf.mul(tf.sub(x, loc), tf.exp(tf.neg(logScale)));
  return tf.sub(tf.mul(tf.square(z), -0.5), tf.add(logScale, HALF_LOG_TWO_PI));
};

/**
 * log N(x; loc, e^logScale) = -z^2 / 2 - logScale - log(2 pi) / 2 with
 * z = (x - loc) e^-logScale; d/dx = -z e^-logScale = -d/dloc, d/dlogScale = z^2 - 1.
 */
export const normalLogDensity: (x: tf.Tensor, loc: tf.Tensor, logScale: tf.Tensor) => tf.Tensor = elementwiseOp(
  logDensityValue as Elementwise, false,
  (dy, [x, loc, logScale]) => {
    const inverse = tf.exp(tf.neg(logScale));
    const z = tf.mul(tf.sub(x, loc), inverse);
    const dx = tf.neg(tf.mul(dy, tf.mul(z, inverse)));
    return [dx, tf.neg(dx), tf.mul(dy, tf.sub(tf.square(z), 1))];
  },
);

const klValue = (locQ: tf.Tensor, logScaleQ: tf.Tensor, locP: tf.Tensor, logScaleP: tf.Tensor): tf.Tensor => {
  const ratio = tf.exp(tf.mul(tf.sub(logScaleQ, logScaleP), 2));
  const diff = tf.mul(tf.sub(locQ, locP), tf.exp(tf.neg(logScaleP)));
  return tf.add(tf.sub(logScaleP, logScaleQ), tf.mul(tf.sub(tf.add(ratio, tf.square(diff)), 1), 0.5));
};

/**
 * KL(N(locQ, e^logScaleQ) || N(locP, e^logScaleP)) elementwise:
 * logScaleP - logScaleQ + (r + d^2 - 1) / 2 with r = e^(2 (logScaleQ - logScaleP))
 * and d = (locQ - locP) e^-logScaleP. Gradients: d/dlocQ = d e^-logScaleP =
 * -d/dlocP, d/dlogScaleQ = r - 1, d/dlogScaleP = 1 - r - d^2.
 */
export const normalKl: (locQ: tf.Tensor, logScaleQ: tf.Tensor, locP: tf.Tensor, logScaleP: tf.Tensor) => tf.Tensor =
  elementwiseOp(klValue as Elementwise, false, (dy, [locQ, logScaleQ, locP, logScaleP]) => {
    const inverse = tf.exp(tf.neg(logScaleP));
    const d = tf.mul(tf.sub(locQ, locP), inverse);
    const dLocQ = tf.mul(dy, tf.mul(d, inverse));
    const dLogScaleQ = tf.mul(dy, tf.sub(tf.exp(tf.mul(tf.sub(logScaleQ, logScaleP), 2)), 1));
    return [dLocQ, dLogScaleQ, tf.neg(dLocQ), tf.neg(tf.add(dLogScaleQ, tf.mul(dy, tf.square(d))))];
  });

/**
 * log(softplus(raw) + MIN_SCALE), the log-scale of a softplus-parameterized
 * Normal; d/draw = sigmoid(raw) / (softplus(raw) + MIN_SCALE) = sigmoid(raw) e^-y.
 */
export const softplusLogScale: (raw: tf.Tensor) => tf.Tensor = elementwiseOp(
  (raw) => tf.log(tf.add(tf.softplus(raw), MIN_SCALE)), true,
  (dy, [raw], y) => [tf.mul(dy, tf.mul(tf.sigmoid(raw), tf.exp(tf.neg(y))))],
);

/**
 * loc + e^logScale eps for a fixed draw eps: d/dloc = 1, d/dlogScale =
 * e^logScale eps = output - loc.
 */
export const reparameterize = (loc: tf.Tensor, logScale: tf.Tensor, eps: tf.Tensor): tf.Tensor => {
  const value = (l: tf.Tensor, s: tf.Tensor): tf.Tensor => tf.add(l, tf.mul(tf.exp(s), eps));
  return tf.util.arraysEqual(eps.shape, loc.shape)
    ? elementwiseOp(value as Elementwise, true, (dy, [l], y) => [dy, tf.mul(dy, tf.sub(y, l))])(loc, logScale)
    : value(loc, logScale);
};
