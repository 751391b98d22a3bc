/**
 * Rows of an embedding table by token id, as one op: the forward pass is a
 * gather and the gradient a scatter-add of the rows' gradients into a
 * [V, D] table (ScatterNd, which sums repeated ids, on every backend).
 * tfjs's own gather is differentiated by UnsortedSegmentSum, which the wasm
 * backend lacks; the one-hot product the nets used instead costs
 * 2 M V D FLOPs each way (2.5 GFLOP forward for 48 x 41 tokens over a
 * 20,004-word vocabulary at D = 32), against M D here.
 */
import * as tf from '@tensorflow/tfjs';

const lookup = tf.customGrad(((table: tf.Tensor, ids: tf.Tensor, save: tf.GradSaveFunc) => {
  save([ids]);
  return {
    value: tf.gather(table, ids),
    gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => [
      tf.scatterND(saved.reshape([-1, 1]), dy, table.shape),
      tf.zerosLike(saved),
    ],
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (table: tf.Tensor, ids: tf.Tensor) => tf.Tensor;

/**
 * table[ids[m]] for table [V, D] and ids [M] (token ids, any numeric dtype,
 * cast to int32): [M, D], differentiable in the table. Throws for other
 * ranks; ids outside [0, V) are the caller's to exclude (gather's rule:
 * zeros on cpu and wasm).
 */
export const embeddingLookup = (table: tf.Tensor, ids: tf.Tensor): tf.Tensor2D => {
  if (table.rank !== 2 || ids.rank !== 1) {
    throw new Error(`embeddingLookup: expected table [V, D] and ids [M], got table [${table.shape}] and ids [${ids.shape}]`);
  }
  return tf.tidy(() => lookup(table, tf.cast(ids, 'int32')) as tf.Tensor2D);
};
