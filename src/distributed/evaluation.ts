/**
 * Distributed IWAE evaluation: the batches of the evaluated split are dealt
 * round-robin over the ranks (batch i to rank i mod N, with the seed it has
 * in one process), and the sums behind the report (examples, L_1, L_K, KL,
 * the active-unit moments) are summed over ranks with MPI_Allreduce, so
 * every rank gets one process's figures up to float rounding of the sums.
 */
import type { EvalOptions } from '../train/evaluation.js';
import type { World } from './world.js';

/** The `shard` option of evaluateBounds for this rank of `world`. */
export const evalShard = (world: World): NonNullable<EvalOptions['shard']> => ({
  keep: (batchIndex) => batchIndex % world.size === world.rank,
  sum: (values) => {
    const out = values.slice();
    world.mpi.allReduce(out, 'sum');
    return out;
  },
});
