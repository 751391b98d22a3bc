/**
 * Gradient averaging for synchronous data parallelism: ONE MPI_Allreduce
 * per step over a flat float32 buffer holding every gradient of the store
 * (in store order) and one presence flag per parameter. On the wasm/native
 * backend the buffer is a tensor in the wasm heap, reduced in place; on
 * other backends it goes through a copy. Averaging the ranks' mean
 * gradients over equal shards gives the gradient of the mean over the
 * global batch (Goyal et al. 2017, sec. 2).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapOf, offsetOf } from '../backend/native/heap.js';
import type { ParamStore } from '../dsl/params.js';
import type { World } from './world.js';

/** Sums `flat` over ranks in place when it lives in the wasm heap, else through a copy; returns the summed tensor and its values. */
const sumOverRanks = (world: World, flat: tf.Tensor1D): { summed: tf.Tensor1D; values: Float32Array } => {
  if (tf.getBackend() === 'wasm') {
    const backend = tf.backend() as BackendWasm;
    const view = new Float32Array(heapOf(backend), offsetOf(backend, flat), flat.size);
    world.mpi.allReduce(view, 'sum');
    return { summed: flat, values: view };
  }
  const values = (flat.dataSync() as Float32Array).slice();
  flat.dispose();
  world.mpi.allReduce(values, 'sum');
  return { summed: tf.tensor1d(values), values };
};

/**
 * The mean over ranks of each parameter's gradient, keyed like `grads`.
 * A parameter without a gradient on this rank counts as a zero gradient;
 * it gets an averaged gradient when any rank has one (so all ranks update
 * the same parameters), otherwise none. Takes ownership of `grads` (they
 * are disposed); the caller owns the result. Every rank must call it in
 * the same step with the same store.
 */
export const allReduceGradients = (world: World, store: ParamStore, grads: Record<string, tf.Tensor>): Record<string, tf.Tensor> => {
  const names = [...store.keys()];
  const sizes = names.map((name) => store.get(name)!.size);
  const present = names.map((name) => grads[name] !== undefined);
  const flat = tf.tidy(() => tf.concat([
    ...names.map((name, i) => (present[i] ? grads[name].reshape([-1]) : tf.zeros([sizes[i]]))),
    tf.tensor1d(present.map((p) => (p ? 1 : 0))),
  ]) as tf.Tensor1D);
  tf.dispose(Object.values(grads));
  const { summed, values } = sumOverRanks(world, flat);
  const total = sizes.reduce((a, b) => a + b, 0);
  const anyRank = names.map((_, i) => values[total + i] > 0);
  const averaged = tf.tidy(() => {
    const parts = tf.split(tf.mul(summed.slice(0, total), 1 / world.size), sizes);
    return Object.fromEntries(names.flatMap((name, i) => (anyRank[i] ? [[name, parts[i].reshape(store.get(name)!.shape)]] : [])));
  });
  summed.dispose();
  return averaged;
};
