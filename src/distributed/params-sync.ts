/**
 * Keeping the ranks' parameters identical: rank 0's initial parameters go
 * to every rank, and a hash of the parameters, compared across ranks,
 * proves that they stayed identical (it stops the run when they drift).
 */
import * as tf from '@tensorflow/tfjs';
import type { ParamStore } from '../dsl/params.js';
import type { World } from './world.js';

/** Rank `root`'s (default 0) values of every parameter, assigned on every rank: one MPI_Bcast of a flat copy. */
export const broadcastParams = (world: World, store: ParamStore, root = 0): void => {
  const variables = [...store.values()];
  const flat = tf.tidy(() => tf.concat(variables.map((v) => v.reshape([-1]))).dataSync() as Float32Array).slice();
  world.mpi.broadcast(flat, root);
  let offset = 0;
  for (const v of variables) {
    const value = tf.tensor(flat.subarray(offset, offset + v.size), v.shape);
    v.assign(value);
    value.dispose();
    offset += v.size;
  }
};

/**
 * A 32-bit FNV-1a hash (Fowler, Noll, Vo) of the bits of every parameter,
 * in store order: equal stores give equal hashes; one flipped bit changes it.
 */
export const paramsHash = (store: ParamStore): number => {
  let h = 0x811c9dc5;
  for (const v of store.values()) {
    const bytes = new Uint8Array((v.dataSync() as Float32Array).slice().buffer);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  }
  return h >>> 0;
};

/**
 * Compares {@link paramsHash} across ranks (one MPI_Allreduce of [h, -h]
 * with max); throws on every rank, naming `step`, when the ranks' parameters
 * differ.
 */
export const checkParamsInSync = (world: World, store: ParamStore, step: number): void => {
  const h = paramsHash(store);
  const extremes = Float64Array.of(h, -h);
  world.mpi.allReduce(extremes, 'max');
  const [max, min] = [extremes[0], -extremes[1]];
  if (max !== min) {
    const hex = (x: number): string => x.toString(16).padStart(8, '0');
    throw new Error(`parameters drifted across ranks at step ${step}: hash ${hex(h)} on rank ${world.rank}, hashes range ${hex(min)}..${hex(max)}`);
  }
};
