/**
 * log softmax(logits)[target] per row over a vocabulary, the Categorical
 * likelihood of token data, without the [rows x classes] tensors of
 * logSoftmax, oneHot and their product (a 20,004-word vocabulary at 48 x 41
 * positions is 157 MB each). The forward pass keeps one log-sum-exp per row;
 * the gradient dlogits = dy ([v = t] - exp(logits - lse)) is written in one
 * pass from it. Where a backend registers StrataSoftmaxXent (native:
 * native/src/softmax_xent.h) one kernel computes each direction; elsewhere
 * the portable fallback (tf.customGrad) works through chunks of rows, so
 * that its temporaries are bounded by a few times {@link CHUNK_FLOATS} floats.
 * Rows whose target is a given PAD id score 0 with gradient 0; the native
 * kernel skips them (their logits are never read), the fallback scores
 * them and then selects 0.
 */
import * as tf from '@tensorflow/tfjs';
import { getGradient, getKernel, registerGradient } from '@tensorflow/tfjs-core';
import { StrataSoftmaxXent, StrataSoftmaxXentGrad, type StrataSoftmaxXentAttrs } from './kernel-names.js';

/**
 * The fallback's chunk of rows, in logits (2^26 floats, 256 MiB; its
 * temporaries are a few times that). A training step of a 20,004-word
 * model at batch 48 x 41 tokens (39M logits) is one chunk; the chunks of
 * an evaluation are bounded the same way (src/inference/evaluate.ts).
 */
export const CHUNK_FLOATS = 2 ** 26;

/** Row ranges [begin, size] of at most chunkFloats / classes rows (at least 1). */
const chunksOf = (rows: number, classes: number, chunkFloats: number): [number, number][] => {
  const step = Math.max(1, Math.floor(chunkFloats / Math.max(1, classes)));
  const out: [number, number][] = [];
  for (let begin = 0; begin < rows; begin += step) out.push([begin, Math.min(step, rows - begin)]);
  return out;
};

/** Whether each target is an integer in [0, classes) ([R] bool). */
const validTargets = (targets: tf.Tensor, classes: number): tf.Tensor =>
  tf.logicalAnd(tf.logicalAnd(tf.greaterEqual(targets, 0), tf.less(targets, classes)), tf.equal(targets, tf.floor(targets)));

/** Row-wise log-sum-exp [R] of x [R, V]: -inf for a row of -inf (no NaN from -inf - -inf). */
const logSumExpRows = (x: tf.Tensor): tf.Tensor => {
  const m = tf.max(x, 1, true);
  const shift = tf.where(tf.isFinite(m), m, tf.zerosLike(m));
  return tf.add(tf.log(tf.sum(tf.exp(tf.sub(x, shift)), 1)), shift.reshape([-1]));
};

/** logits[r, t_r] [R] for x [R, V] (invalid targets read column 0). */
const pick = (x: tf.Tensor, targets: tf.Tensor, valid: tf.Tensor): tf.Tensor => {
  const [rows, classes] = x.shape;
  const column = tf.where(valid, targets, tf.zerosLike(targets));
  const index = tf.cast(tf.add(tf.mul(tf.range(0, rows, 1, 'float32'), classes), column), 'int32');
  return tf.gather(x.reshape([-1]), index);
};

/** The fallback's forward over one chunk: [logp, lse]. */
const forwardChunk = (x: tf.Tensor, targets: tf.Tensor, classes: number): [tf.Tensor, tf.Tensor] => tf.tidy(() => {
  const valid = validTargets(targets, classes);
  const lse = logSumExpRows(x);
  const picked = pick(x, targets, valid);
  const minusInf = tf.fill(picked.shape, -Infinity);
  const logp = tf.where(tf.logicalAnd(valid, tf.greater(picked, -Infinity)), tf.sub(picked, lse), minusInf);
  return [logp, lse];
});

/** The fallback's gradient over one chunk: dy ([v = t] - exp(x - lse)), 0 on rows whose value is a constant -inf. */
const backwardChunk = (x: tf.Tensor, targets: tf.Tensor, lse: tf.Tensor, dy: tf.Tensor, classes: number): tf.Tensor => tf.tidy(() => {
  const valid = validTargets(targets, classes);
  const live = tf.logicalAnd(tf.logicalAnd(valid, tf.greater(lse, -Infinity)), tf.greater(pick(x, targets, valid), -Infinity));
  const scale = tf.where(live, dy, tf.zerosLike(dy)).reshape([-1, 1]);
  const shift = tf.where(live, lse, tf.fill(lse.shape, Infinity)).reshape([-1, 1]);
  const oneHot = tf.oneHot(tf.cast(tf.where(valid, targets, tf.fill(targets.shape, -1)), 'int32'), classes);
  return tf.mul(scale, tf.sub(oneHot, tf.exp(tf.sub(x, shift))));
});

/** Runs `f` on each chunk of rows of logits and targets (lse and dy too when given) and concatenates each output. */
const byChunks = (logits: tf.Tensor, rest: tf.Tensor[], chunkFloats: number,
  f: (x: tf.Tensor, r: tf.Tensor[]) => tf.Tensor[]): tf.Tensor[] => {
  const [rows, classes] = logits.shape;
  const chunks = chunksOf(rows, classes, chunkFloats);
  // One chunk reads the tensors themselves: a slice is a copy (wasm's takes ~50 ms per 1M floats).
  if (chunks.length === 1) return tf.tidy(() => f(logits, rest));
  const parts = chunks.map(([begin, size]) => tf.tidy(() =>
    f(tf.slice(logits, [begin, 0], [size, classes]), rest.map((t) => tf.slice(t, [begin], [size])))));
  const out = parts[0].map((_, i) => tf.concat(parts.map((p) => p[i]), 0));
  tf.dispose(parts);
  return out;
};

/** The portable op (tf.customGrad) over chunks of `chunkFloats` floats. */
const fallback = (chunkFloats: number) => tf.customGrad(((logits: tf.Tensor, targets: tf.Tensor, save: tf.GradSaveFunc) => {
  const classes = logits.shape[1] ?? 0;
  const [logp, lse] = byChunks(logits, [targets], chunkFloats, (x, [t]) => forwardChunk(x, t, classes));
  save([logits, targets, lse]);
  return {
    value: logp,
    gradFunc: (dy: tf.Tensor, [x, t, l]: tf.Tensor[]) =>
      [byChunks(x, [t, l, dy], chunkFloats, (xc, [tc, lc, dc]) => [backwardChunk(xc, tc, lc, dc, classes)])[0], tf.zerosLike(t)],
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (logits: tf.Tensor, targets: tf.Tensor) => tf.Tensor;

/** Registers the gradient of StrataSoftmaxXent (once): the StrataSoftmaxXentGrad kernel. */
export function registerSoftmaxXentGradient(): void {
  if (getGradient(StrataSoftmaxXent) !== undefined) return;
  registerGradient({
    kernelName: StrataSoftmaxXent,
    inputsToSave: ['logits', 'targets'],
    outputsToSave: [false, true],
    gradFunc: (dys, saved, attrs) => {
      const [logits, targets, lse] = saved;
      const dy = (Array.isArray(dys) ? dys[0] : dys) as tf.Tensor;
      return {
        logits: () => tf.engine().runKernel(StrataSoftmaxXentGrad, { logits, targets, lse, dy }, attrs) as tf.Tensor,
        targets: () => tf.zerosLike(targets),
      };
    },
  });
}

/**
 * log softmax(logits)[r, targets[r]] for logits [R, V] and targets [R]
 * (class indices, any numeric dtype), [R] nats. A target that is not an
 * integer in [0, V) gives -inf (gradient 0); a row of -inf logits gives
 * -inf (gradient 0); large finite logits are safe (the row's maximum is
 * subtracted first). Differentiable in logits. With `padId`, rows whose
 * target equals it give 0 with gradient 0 (on native their logits are not
 * read). `chunkFloats` bounds the portable fallback's temporaries (default
 * {@link CHUNK_FLOATS}). Throws for other ranks or mismatched rows.
 */
export const logSoftmaxAt = (logits: tf.Tensor, targets: tf.Tensor,
  { chunkFloats = CHUNK_FLOATS, padId }: { readonly chunkFloats?: number; readonly padId?: number } = {}): tf.Tensor1D => {
  if (logits.rank !== 2 || targets.rank !== 1 || targets.shape[0] !== logits.shape[0]) {
    throw new Error(`logSoftmaxAt: expected logits [R, V] and targets [R], got logits [${logits.shape}] and targets [${targets.shape}]`);
  }
  return tf.tidy(() => {
    const t = targets.dtype === 'float32' ? targets : tf.cast(targets, 'float32');
    const x = logits.dtype === 'float32' ? logits : tf.cast(logits, 'float32');
    if (getKernel(StrataSoftmaxXent, tf.getBackend()) === undefined) {
      const logp = fallback(chunkFloats)(x, t) as tf.Tensor1D;
      return padId === undefined ? logp : tf.where(tf.equal(t, padId), tf.zerosLike(logp), logp);
    }
    registerSoftmaxXentGradient();
    const attrs: StrataSoftmaxXentAttrs = { padId: padId ?? Number.NaN };
    const [logp, lse] = tf.engine().runKernel(StrataSoftmaxXent, { logits: x, targets: t },
      attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    lse.dispose();
    return logp as tf.Tensor1D;
  });
};
