import * as tf from '@tensorflow/tfjs';
import { embeddingLookup } from '../../ops/embedding-lookup.js';
import { lstmSequence } from '../../ops/lstm.js';
import type { CompiledNet, LstmEncoderSpec, ParamLookup } from './net.js';
import { showShape, type Shape } from '../shape.js';
import { NetError } from '../spec-error.js';

/**
 * Each row of ids [N, T] with its tokens that are not `pad` moved to the
 * front in their order and its PADs after them, and each row's count of
 * such tokens [N]: a stable compaction by a scatter of positions computed
 * with cumulative sums (no read back, so the same ops on every backend).
 * Reading the compacted row and stopping after its last token is reading
 * the original row with PAD positions skipped.
 */
const compact = (ids: tf.Tensor2D, pad: number): { ids: tf.Tensor2D; lengths: tf.Tensor1D } => {
  const [n, steps] = ids.shape;
  const keep = tf.cast(tf.notEqual(ids, pad), 'int32');
  const lengths = tf.sum(keep, 1) as tf.Tensor1D;
  const before = tf.cumsum(keep, 1, true);
  const t = tf.range(0, steps, 1, 'int32').reshape([1, steps]);
  // A kept token goes to the count of kept tokens before it (before); a PAD after all of its row's
  // kept tokens, in order (length + t - before): before + (1 - keep) (length + t - 2 before).
  const position = tf.add(before, tf.mul(tf.sub(tf.onesLike(keep), keep), tf.sub(tf.add(lengths.reshape([n, 1]), t), tf.add(before, before))));
  const rows = tf.mul(tf.range(0, n, 1, 'int32').reshape([n, 1]), tf.onesLike(position));
  const at = tf.stack([rows.flatten(), position.flatten()], 1);
  return { ids: tf.scatterND(at, tf.cast(ids, 'int32').flatten(), [n, steps]) as tf.Tensor2D, lengths };
};

/**
 * Compiles an LSTM encoder over one parent of token ids [T] (Bowman et al.
 * 2016, section 3): tokens are embedded ({@link embeddingLookup}), read
 * left to right from a zero state, and the output [hidden] is the hidden
 * state after the sentence's last token that is not `pad` (PAD positions
 * are skipped, wherever they are: the row is compacted first, then the
 * whole sequence runs as one {@link lstmSequence}, a single fused kernel
 * each way on native). An all-PAD row gives 0. Throws an Error (a NetError
 * of kind `size` above `maxElements`) on any other parent shape.
 */
export const compileLstmEncoder = (spec: LstmEncoderSpec, inputShapes: readonly Shape[], prefix: string, maxElements = Infinity): CompiledNet => {
  if (inputShapes.length !== 1 || inputShapes[0].length !== 1) {
    throw new Error(`an lstmEncoder reads exactly one parent of token ids [T], got ${inputShapes.map(showShape).join(', ')}`);
  }
  const steps = inputShapes[0][0];
  if (steps * 4 * spec.hidden > maxElements) {
    throw new NetError('size', `an lstmEncoder of ${steps} tokens x ${4 * spec.hidden} gate units is above the bound of ${maxElements} elements; raise it with validate(spec, { limits })`);
  }
  const units = spec.hidden;
  return {
    outputShape: [units],
    params: [
      { name: `${prefix}/embedding`, shape: [spec.vocabulary, spec.embed], init: 'glorot' },
      { name: `${prefix}/wx`, shape: [spec.embed, 4 * units], init: 'glorot' },
      { name: `${prefix}/wh`, shape: [units, 4 * units], init: 'glorot' },
      { name: `${prefix}/b`, shape: [4 * units], init: 'zeros' },
    ],
    apply: (get: ParamLookup, [ids]) => {
      const n = ids.shape[0];
      const { ids: packed, lengths } = compact(ids as tf.Tensor2D, spec.pad);
      const embedded = embeddingLookup(get(`${prefix}/embedding`), tf.transpose(packed).flatten());
      const xs = tf.add(tf.matMul(embedded, get(`${prefix}/wx`) as tf.Tensor2D), get(`${prefix}/b`)).reshape([steps, n, 4 * units]);
      const hs = lstmSequence(xs, get(`${prefix}/wh`)).reshape([steps * n, units]);
      // The state after row r's last kept token, hs[len_r - 1, r] (row (len_r - 1) N + r: embeddingLookup
      // is a row gather whose gradient is a scatter-add), or the zero state when the row is all PAD.
      const last = tf.add(tf.mul(tf.maximum(tf.sub(lengths, 1), 0), n), tf.range(0, n, 1, 'int32'));
      return tf.mul(embeddingLookup(hs, last), tf.cast(tf.greater(lengths, 0), 'float32').reshape([n, 1]));
    },
  };
};
