/**
 * Agreement across ranks on small values and decisions (a few numbers per
 * step, one MPI_Allreduce each), so that every rank takes the same branch:
 * the same logged loss, the same skip of a non-finite step.
 */
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

/** True on every rank when `flag` is true on any rank (a logical OR over ranks). */
export const agreeAny = (world: World, flag: boolean): boolean => {
  const out = Int32Array.of(flag ? 1 : 0);
  world.mpi.allReduce(out, 'max');
  return out[0] === 1;
};
