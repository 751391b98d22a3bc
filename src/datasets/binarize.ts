/**
 * Stochastic binarization of grey-scale images: each pixel becomes 1 with
 * probability intensity / 255, independently (Salakhutdinov & Murray, 2008).
 *
 * Dynamic binarization draws afresh every epoch (the batcher seeds it per
 * epoch and example); static binarization draws once from a fixed seed and
 * stores the 0/1 pixels, a seeded stand-in for the Larochelle binarized MNIST.
 */
import { deriveSeed, prng, type Prng } from '../random/prng.js';
import type { ImageSplit } from './imageSplit.js';
import { SPLITS, mapSplits, type Splits } from './split.js';

const PROBABILITY: Float64Array = Float64Array.from({ length: 256 }, (_, v) => v / 255);

/** Writes Bernoulli(pixel / 255) draws of `pixels` into `out` from `offset`, consuming one draw per pixel. */
export const bernoulliInto = (pixels: Uint8Array, rng: Prng, out: Float32Array | Int32Array | Uint8Array, offset = 0): void => {
  for (let i = 0; i < pixels.length; i++) out[offset + i] = rng.next() < PROBABILITY[pixels[i]] ? 1 : 0;
};

/** A new image split whose pixels are one seeded Bernoulli draw (0/1) of `split`'s intensities. */
export const binarizeSplit = (split: ImageSplit, seed: number): ImageSplit => {
  const pixels = new Uint8Array(split.pixels.length);
  bernoulliInto(split.pixels, prng(seed), pixels);
  return { ...split, pixels };
};

/** The default seed of the static binarization (fixed, so every run sees the same binary images). */
export const STATIC_BINARIZATION_SEED = 20190;

/** Statically binarized splits: every split drawn once, from a seed derived from `seed` and the split. */
export const binarizeSplits = (splits: Splits<ImageSplit>, seed: number = STATIC_BINARIZATION_SEED): Splits<ImageSplit> =>
  mapSplits(splits, (split, name) => binarizeSplit(split, deriveSeed(seed, SPLITS.indexOf(name))));
