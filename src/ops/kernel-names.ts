/**
 * Names and attributes of strata's own kernels (ops with no tfjs
 * counterpart), kept apart from their implementations so that the core can
 * ask whether a kernel is registered, and a backend implement one, without
 * either importing the other, as tfjs-core keeps its kernel_names.ts apart
 * from the backends (ARCHITECTURE.md, "Layers"). Each op of src/ops (its
 * portable fallback and its gradient) runs the kernel of its name where a
 * backend registers one; src/backend/native implements them.
 */

/** y = act(x w + b) as one kernel (src/ops/affine.ts registers it on every backend); attrs {@link StrataAffineAttrs}. */
export const StrataAffine = 'StrataAffine';

/** Attributes of StrataAffine: the activation, fused into the matmul's epilogue. */
export interface StrataAffineAttrs {
  readonly activation: 'linear' | 'relu' | 'elu';
}

/**
 * The backward pass of StrataAffine's epilogue (inputs dy [N, out] and the
 * layer's output y [N, out]; attrs {@link StrataAffineAttrs}; outputs
 * dz = dy * act'(z) read from y, [N, out], and db = column sums of dz,
 * [out]) in one pass. Optional: src/ops/affine.ts composes tfjs ops where a
 * backend does not register it; native/src/activation_grad.h implements it.
 */
export const StrataActivationBiasGrad = 'StrataActivationBiasGrad';

/** Inverted dropout with strata's seeded mask (attrs {@link StrataDropoutAttrs}); native/src/dropout.h implements it. */
export const StrataDropout = 'StrataDropout';

/** Attributes of StrataDropout: the drop probability in [0, 1) and the mask's seed (uint32). */
export interface StrataDropoutAttrs {
  readonly rate: number;
  readonly seed: number;
}

/** One Adam or Adamax step of one variable (inputs value, m, v, gradient; outputs [value, m, v]); attrs {@link StrataAdamAttrs}. */
export const StrataAdam = 'StrataAdam';

/**
 * Hyper-parameters of one step. Adam: corrections are 1 - beta^t at step t.
 * Adamax: learningRate already includes decay and 1 - beta1^t; corrections
 * are unused (1).
 */
export interface StrataAdamAttrs {
  readonly rule: 'adam' | 'adamax';
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly correction1: number;
  readonly correction2: number;
}

/**
 * A whole optimizer step in place (inputs value<i>, m<i>, v<i>, gradient<i>
 * and, where hasEma[i], ema<i>; no outputs); attrs {@link StrataAdamInPlaceAttrs}.
 */
export const StrataAdamInPlace = 'StrataAdamInPlace';

/** Attributes of StrataAdamInPlace: the step, the gradient scale and the average's decay. */
export interface StrataAdamInPlaceAttrs extends StrataAdamAttrs {
  readonly gradScale: number;
  readonly emaDecay: number;
  /** Number of variables. */
  readonly count: number;
  /** Whether variable i has a moving average (input `ema<i>`). */
  readonly hasEma: readonly boolean[];
}

/** ema <- decay ema + (1 - decay) w over lists of tensors (inputs ema0..emaN-1, w0..wN-1; attr decay). */
export const StrataMovingAverage = 'StrataMovingAverage';

/** The sum of the squares of every element of a list of tensors (inputs x0..xN-1; a float32 scalar out). */
export const StrataSumOfSquares = 'StrataSumOfSquares';

/**
 * A whole LSTM sequence (inputs xs [T, N, 4H], wh [H, 4H]; outputs hs
 * [T, N, H], cs [T, N, H] and the activated gates acts [T, N, 4H]); see
 * src/ops/lstm.ts. native/src/lstm.h implements it.
 */
export const StrataLstm = 'StrataLstm';

/** The gradient of StrataLstm (inputs dhs, wh, hs, cs, acts; outputs dxs [T, N, 4H], dwh [H, 4H]). */
export const StrataLstmGrad = 'StrataLstmGrad';

/**
 * The Bernoulli log-likelihood log Bern(x; sigmoid(l)) elementwise (inputs
 * logits and x of one shape, float32; output of that shape, -inf where x is
 * not 0 or 1); see src/ops/bernoulli-log-prob.ts. native/src/bernoulli.h
 * implements it.
 */
export const StrataBernoulliLogProb = 'StrataBernoulliLogProb';

/** The gradient of StrataBernoulliLogProb in the logits (inputs dy, logits, x; output dlogits, 0 where x is not 0 or 1). */
export const StrataBernoulliLogProbGrad = 'StrataBernoulliLogProbGrad';

/**
 * log softmax(logits)[target] per row (inputs logits [R, V], targets [R]
 * float32; outputs logp [R] and the rows' log-sum-exp lse [R]); see
 * src/ops/softmax-cross-entropy.ts. native/src/softmax_xent.h implements it.
 */
export const StrataSoftmaxXent = 'StrataSoftmaxXent';

/** The gradient of StrataSoftmaxXent (inputs logits, targets, lse, dy [R]; output dlogits [R, V]). */
export const StrataSoftmaxXentGrad = 'StrataSoftmaxXentGrad';

/**
 * Attributes of StrataSoftmaxXent and StrataSoftmaxXentGrad: rows whose
 * target equals padId are skipped (value 0, gradient 0, logits not read);
 * NaN (no target equals it) when there is none.
 */
export interface StrataSoftmaxXentAttrs {
  readonly padId: number;
}

/**
 * y = x w + b on the rows whose mask is not 0 and exactly 0 on the others
 * (inputs x [R, in], w [in, out], b [out], mask [R] float32; output y
 * [R, out]); see src/ops/masked-affine.ts. native/src/masked_affine.h
 * implements it without multiplying the masked-out rows.
 */
export const StrataMaskedAffine = 'StrataMaskedAffine';

/**
 * The gradients of StrataMaskedAffine (inputs dy [R, out], x, w, mask;
 * outputs dx [R, in], dw [in, out], db [out]), all three from one gather
 * of dy's kept rows.
 */
export const StrataMaskedAffineGrad = 'StrataMaskedAffineGrad';
