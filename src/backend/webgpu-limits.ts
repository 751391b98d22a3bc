/**
 * Kernel limits of tfjs's GPU backends that strata's ops stay within, on
 * every backend: AddN of at most {@link MAX_ADDN_INPUTS} inputs (WebGPU: 8
 * storage buffers per stage, one for the output; see src/ops/add-many.ts)
 * and Select (tf.where) of rank at most {@link MAX_SELECT_RANK} (WebGL and
 * WebGPU; the discretized logistic selects its bins at rank 2).
 */
export { addMany, MAX_ADDN_INPUTS } from '../ops/add-many.js';

/** The highest rank of a Select (tf.where) kernel that WebGL and WebGPU run. */
export const MAX_SELECT_RANK = 4;
