/**
 * Sums of many tensors within the kernel limits of tfjs's GPU backends, on
 * every backend (so results do not depend on the backend's limits).
 *
 * WebGPU binds one storage buffer per kernel input plus one for the output,
 * and a device with default limits has 8 storage buffers per shader stage
 * (maxStorageBuffersPerShaderStage): tf.addN with 8 or more inputs fails
 * there (an invalid pipeline in Node's Dawn, silently wrong sums in
 * Chromium). {@link addMany} adds any number of tensors in chunks of at most
 * {@link MAX_ADDN_INPUTS}. Part of the core (src/backend/webgpu-limits.ts
 * re-exports it with the other limits).
 */
import * as tf from '@tensorflow/tfjs';

/** The most inputs one AddN kernel gets: 8 storage buffers less one for the output. */
export const MAX_ADDN_INPUTS = 7;

/**
 * The elementwise sum of `tensors` (same shape and dtype, at least one), as
 * tf.addN computes it, but with no AddN kernel of more than
 * {@link MAX_ADDN_INPUTS} inputs: chunks are summed left to right, then the
 * partial sums, recursively. Throws on an empty list, as tf.addN does.
 * With up to MAX_ADDN_INPUTS inputs it is exactly tf.addN (bit-identical).
 */
export const addMany = <T extends tf.Tensor>(tensors: readonly T[]): T => {
  if (tensors.length === 0) throw new Error('addMany: needs at least one tensor');
  if (tensors.length === 1) return tf.clone(tensors[0]) as T;
  if (tensors.length <= MAX_ADDN_INPUTS) return tf.addN([...tensors]) as T;
  return tf.tidy(() => {
    const partials: T[] = [];
    for (let i = 0; i < tensors.length; i += MAX_ADDN_INPUTS) {
      const chunk = tensors.slice(i, i + MAX_ADDN_INPUTS);
      partials.push(chunk.length === 1 ? chunk[0] : (tf.addN([...chunk]) as T));
    }
    return addMany(partials);
  });
};
