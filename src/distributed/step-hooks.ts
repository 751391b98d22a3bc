/**
 * What the ranks agree on in one training step (src/train/step.ts): the
 * averaged gradients, and small values and decisions (one MPI_Allreduce of
 * a few numbers), so every rank takes the same branch: the same logged
 * loss, the same skip of a non-finite step, the same update; and the
 * global batch's means an objective decides on (free bits over 'batch').
 */
import * as tf from '@tensorflow/tfjs';
import type { ParamStore } from '../dsl/params.js';
import type { BatchMean } from '../inference/objectives/free-bits.js';
import type { StepContext } from '../train/step.js';
import { allReduceGradients } from './gradients.js';
import type { World } from './world.js';

/**
 * The element-wise mean over ranks of `values` (a new array; the same on
 * every rank). A NaN or an infinity on any rank makes that mean non-finite.
 */
export const agreeMeans = (world: World, values: Float64Array): Float64Array => {
  const out = values.slice();
  world.mpi.allReduce(out, 'sum');
  return out.map((v) => v / world.size);
};

/**
 * The objective's `meanOverBatch` hook: the mean over ranks of each rank's
 * shard means [G], which is the global batch's mean since the shards are
 * equal. A constant tensor (the floor's decision has no gradient). It reads
 * the G values synchronously: the objective runs inside tf.variableGrads
 * and MPI_Allreduce blocks, on the cpu and wasm backends MPI runs on. One
 * all-reduce of G floats per step (G: free-bits groups).
 */
export const meanOverRanks =
  (world: World): BatchMean =>
  (localMeans) => {
    const sums = Float64Array.from(localMeans.dataSync());
    world.mpi.allReduce(sums, 'sum');
    return tf.tensor1d(Array.from(sums, (v) => v / world.size));
  };

/** True on every rank when `flag` is true on any rank (a logical OR over ranks). */
export const agreeAny = (world: World, flag: boolean): boolean => {
  const out = Int32Array.of(flag ? 1 : 0);
  world.mpi.allReduce(out, 'max');
  return out[0] === 1;
};

/** The hooks of a StepContext that make a step one rank's of a data-parallel run. */
export type RankStepHooks = Required<Pick<StepContext, 'reduceGradients' | 'agreeValues' | 'meanOverBatch'>>;

/**
 * The hooks to spread into a StepContext: `reduceGradients` (the rank-mean
 * of the gradients, one all-reduce), `agreeValues` (the rank-mean of loss,
 * ELBO and KLs; non-finite on any rank makes every rank skip) for the
 * parameters `store` of this run, and `meanOverBatch` (meanOverRanks).
 */
export const distributedStep = (world: World, store: ParamStore): RankStepHooks => ({
  reduceGradients: (grads) => allReduceGradients(world, store, grads),
  agreeValues: (values) => agreeMeans(world, values),
  meanOverBatch: meanOverRanks(world),
});
