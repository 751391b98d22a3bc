/**
 * Stochastic binarization of grey-scale images: each pixel becomes 1 with
 * probability intensity / 255, independently (Salakhutdinov & Murray, 2008).
 *
 * Dynamic binarization draws afresh every epoch (the batcher seeds it per
 * epoch and example); static binarization draws once from a fixed seed and
 * stores the 0/1 pixels, a seeded stand-in for the Larochelle binarized MNIST.
 * Thresholded binarization (pixel 1 when intensity / 255 > 0.5) is the
 * deterministic variant used in out-of-distribution studies (e.g. Havtorn et
 * al. 2021 compare it with the dynamic one).
 */
import { deriveSeed, prng, type Prng } from '../random/prng.js';
import type { ImageSplit } from './imageSplit.js';
import { SPLITS, mapSplits, type Splits } from './split.js';

/** Pixel value v is 1 when a uniform 16-bit integer is below THRESHOLD[v] = round(v * 65536 / 255). */
const THRESHOLD: Uint32Array = Uint32Array.from({ length: 256 }, (_, v) => Math.round((v * 65536) / 255));

/**
 * Writes Bernoulli(pixel / 255) draws of `pixels` into `out` from `offset`.
 * Each 32-bit draw of `rng` serves two pixels (one 16-bit half each), so the
 * probability is exact for 0 and 255 and within 2^-17 of v / 255 otherwise.
 */
export const bernoulliInto = (pixels: Uint8Array, rng: Prng, out: Float32Array | Int32Array | Uint8Array, offset = 0): void => {
  const n = pixels.length;
  for (let i = 0; i < n; i += 2) {
    const bits = rng.next() * 4294967296;
    out[offset + i] = bits >>> 16 < THRESHOLD[pixels[i]] ? 1 : 0;
    if (i + 1 < n) out[offset + i + 1] = (bits & 0xffff) < THRESHOLD[pixels[i + 1]] ? 1 : 0;
  }
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

/** Pixel value of the thresholded binarization: 1 when v / 255 > 0.5, i.e. v >= 128. */
export const THRESHOLD_LEVEL = 128;

/** A new image split whose pixels are 1 where the intensity exceeds half of 255 (v >= 128), else 0. */
export const thresholdSplit = (split: ImageSplit): ImageSplit => ({ ...split, pixels: split.pixels.map((v) => (v >= THRESHOLD_LEVEL ? 1 : 0)) });

/** Every split thresholded with {@link thresholdSplit}. */
export const thresholdSplits = (splits: Splits<ImageSplit>): Splits<ImageSplit> => mapSplits(splits, thresholdSplit);
