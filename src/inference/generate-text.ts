/**
 * Token sequences as a sentence model samples them: a decoder emits a token
 * at every position, but a sentence ends at its first EOS (Bowman et al.
 * 2016: the model scores x_1..x_T and EOS, nothing after). Positions after
 * the first EOS become padding, so a sample reads like a data row (words,
 * EOS, PAD...) and scores like one.
 */
import * as tf from '@tensorflow/tfjs';
import type { Model } from '../dsl/model.js';

/**
 * `tokens` [N, T] (class ids, any numeric dtype) with every position after
 * the first `eos` of its row set to `pad`; rows without EOS are unchanged.
 * Same shape and dtype. Call inside tf.tidy (or dispose the result).
 */
export const truncateAtEos = (tokens: tf.Tensor, eos: number, pad = 0): tf.Tensor =>
  tf.tidy(() => {
    if (tokens.rank !== 2) throw new RangeError(`truncateAtEos: expected token rows [N, T], got shape [${tokens.shape.join(', ')}]`);
    const isEos = tf.cast(tf.equal(tokens, eos), 'float32');
    const after = tf.greater(tf.cumsum(isEos, 1, true), 0);
    return tf.where(after, tf.fill(tokens.shape, pad, tokens.dtype), tokens);
  });


/**
 * The sample of observed node `name` of `model` cut at its first `eos`
 * when the node is a padded token sequence (a Categorical of shape [T]
 * with a `padId`) and `eos` is given; any other sample as it is.
 */
export const endSentences = (model: Model, name: string, sample: tf.Tensor, eos: number | undefined): tf.Tensor => {
  const dist = model.nodes.get(name)?.dist;
  if (eos === undefined || dist?.family !== 'categorical' || dist.padId === undefined || dist.shape.length !== 1) return sample;
  return truncateAtEos(sample, eos, dist.padId);
};
