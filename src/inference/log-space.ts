/**
 * Reductions in log space that handle infinities: logsumexp, logmeanexp and
 * the pairwise log(e^a + e^b) used to stream a logsumexp over chunks.
 *
 * The usual max-subtraction, m + log sum exp(x - m), gives NaN when the
 * maximum m is infinite (-inf - -inf and inf - inf are NaN): a row whose
 * entries are all -inf (every importance weight zero) or that holds +inf.
 * Here the shift is m where m is finite and 0 elsewhere, so
 *
 * - -inf entries contribute e^-inf = 0: logsumexp of a row equals the
 *   logsumexp of its finite entries;
 * - a row of -inf only gives log 0 = -inf;
 * - a +inf entry gives +inf; a NaN entry gives NaN.
 *
 * For rows with a finite maximum the value is bit-identical to
 * tf.logSumExp. The gradient is dy * softmax(x), taken as 0 on a row whose
 * logsumexp is -inf (no weight anywhere) instead of NaN.
 */
import * as tf from '@tensorflow/tfjs';

/** The axes of a rank-`rank` tensor named by `axis` (negative counts from the end). */
const axesOf = (axis: number | readonly number[], rank: number): number[] =>
  (typeof axis === 'number' ? [axis] : [...axis]).map((a) => (a < 0 ? a + rank : a));

/** m where m is finite, 0 elsewhere: a max-subtraction shift that never makes NaN. */
const finiteShift = (m: tf.Tensor): tf.Tensor => tf.where(tf.isFinite(m), m, tf.zerosLike(m));

/**
 * log sum_i exp(x_i) over `axis` (default: the last), with -inf, +inf and NaN
 * entries handled as the module doc says. Shape: x's without `axis` (kept as
 * 1 with `keepDims`). Call inside tf.tidy.
 */
export const logSumExp = (x: tf.Tensor, axis: number | readonly number[] = -1, keepDims = false): tf.Tensor => {
  const axes = axesOf(axis, x.rank);
  const f = tf.customGrad(((input: tf.Tensor, save: tf.GradSaveFunc) => {
    const shift = finiteShift(tf.max(input, axes, true));
    const kept = tf.add(shift, tf.log(tf.sum(tf.exp(tf.sub(input, shift)), axes, true)));
    save([input, kept]);
    return {
      value: keepDims ? kept : tf.squeeze(kept, axes),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, lse] = saved;
        const weights = tf.where(tf.equal(lse, -Infinity), tf.zerosLike(xs), tf.exp(tf.sub(xs, lse)));
        return tf.mul(tf.reshape(dy, lse.shape), weights);
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x);
};

/**
 * log (1/n) sum_i exp(x_i) over `axis` (n entries along it): the importance
 * weighted bound's reduction (Burda et al. 2016). -inf for a row of -inf.
 */
export const logMeanExp = (x: tf.Tensor, axis: number | readonly number[] = -1, keepDims = false): tf.Tensor => {
  const n = axesOf(axis, x.rank).reduce((p, a) => p * x.shape[a], 1);
  return tf.sub(logSumExp(x, axis, keepDims), Math.log(n));
};

/**
 * log(e^a + e^b) elementwise (shapes broadcast): the step of a logsumexp
 * streamed over chunks. -inf + -inf gives -inf; -inf + b gives b exactly.
 */
export const logAddExp = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => {
  const shift = finiteShift(tf.maximum(a, b));
  return tf.add(shift, tf.log(tf.add(tf.exp(tf.sub(a, shift)), tf.exp(tf.sub(b, shift)))));
};

/**
 * sum_i p_i v_i over `axis`, an expectation under probabilities p, where a
 * term with p_i = 0 contributes 0 even when v_i is -inf or +inf (0 log 0 = 0;
 * a label q(y | x) rules out adds nothing to the M2 bound), and its gradient
 * stays finite. p (>= 0) and v have the same shape.
 */
export const expectUnder = (p: tf.Tensor, v: tf.Tensor, axis: number | readonly number[]): tf.Tensor => {
  // step (gradient 0) rather than equal (no gradient in tfjs) keeps p differentiable.
  const possible = tf.cast(tf.step(p), 'bool');
  const safe = tf.where(possible, v, tf.zerosLike(v));
  return tf.sum(tf.mul(p, safe), typeof axis === 'number' ? axis : [...axis]);
};
