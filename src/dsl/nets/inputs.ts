import * as tf from '@tensorflow/tfjs';
import { isMap, sizeOf, type Shape } from '../shape.js';

/**
 * Concatenates parent values along the feature axis for a dense net:
 * every parent [N, ...shape] is flattened to [N, size] first.
 */
export const concatFlat = (inputs: readonly tf.Tensor[]): tf.Tensor => {
  const flat = inputs.map((t) => (t.rank === 2 ? t : t.reshape([t.shape[0], sizeOf(t.shape.slice(1))])));
  return flat.length === 1 ? flat[0] : tf.concat(flat, 1);
};

/** Total feature count of parents concatenated flat. */
export const flatSize = (shapes: readonly Shape[]): number => shapes.reduce((a, s) => a + sizeOf(s), 0);

/**
 * Concatenates feature maps [N, h, w, c_i] along channels; dense parents
 * [N, d] are broadcast over the h x w grid as d extra channels (a broadcast
 * product with ones: one sum as gradient, and no wasm Tile, which is slow).
 */
export const concatMaps = (inputs: readonly tf.Tensor[], shapes: readonly Shape[], h: number, w: number): tf.Tensor => {
  const maps = inputs.map((t, i) =>
    isMap(shapes[i]) ? t : tf.mul(t.reshape([t.shape[0], 1, 1, sizeOf(shapes[i])]), tf.ones([1, h, w, 1])),
  );
  return maps.length === 1 ? maps[0] : tf.concat(maps, 3);
};

/** Channel count of parents concatenated as maps (dense parents count their size). */
export const mapChannels = (shapes: readonly Shape[]): number =>
  shapes.reduce((a, s) => a + (isMap(s) ? s[2] : sizeOf(s)), 0);
