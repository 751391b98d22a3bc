/**
 * What the batcher reads: a split seen as `count` examples, each written into
 * a batch buffer on demand. Image sources turn stored bytes into float32
 * pixels (a fresh Bernoulli draw for dynamic binarization, 0/1 or 0..255
 * otherwise); text sources copy token ids. Nothing is precomputed per epoch.
 */
import { prng } from '../random/prng.js';
import { bernoulliInto } from './binarize.js';
import { imageSize, type ImageSplit } from './imageSplit.js';
import type { TextSplit } from './textCorpus.js';

/** How stored pixels become model inputs. */
export type PixelEncoding = 'dynamic-binary' | 'binary' | 'uint8';

/** Images as flat rows [B, h*w] or as [B, h, w, 1]. */
export type ImageLayout = 'flat' | 'image';

/** A split seen as writable examples. */
export interface ExampleSource {
  readonly count: number;
  /** Shape of one example in a batch tensor (without the batch axis). */
  readonly rowShape: readonly number[];
  readonly dtype: 'float32' | 'int32';
  readonly labels?: Uint8Array;
  /** Writes example `example` at `offset` of `out`; `noiseSeed` seeds any random draw (binarization). */
  readonly write: (example: number, noiseSeed: number, out: Float32Array | Int32Array, offset: number) => void;
}

/** Number of values in one example of `source`. */
export const rowSize = (source: Pick<ExampleSource, 'rowShape'>): number => source.rowShape.reduce((a, b) => a * b, 1);

/** Images of `split` encoded as `encoding`, laid out as `layout`. */
export const imageSource = (split: ImageSplit, encoding: PixelEncoding, layout: ImageLayout = 'flat'): ExampleSource => {
  const size = imageSize(split);
  const pixelsOf = (example: number): Uint8Array => split.pixels.subarray(example * size, (example + 1) * size);
  const write: ExampleSource['write'] =
    encoding === 'dynamic-binary'
      ? (example, noiseSeed, out, offset) => bernoulliInto(pixelsOf(example), prng(noiseSeed), out, offset)
      : (example, _noiseSeed, out, offset) => out.set(pixelsOf(example), offset);
  return {
    count: split.count,
    rowShape: layout === 'flat' ? [size] : [split.height, split.width, 1],
    dtype: 'float32',
    labels: split.labels,
    write,
  };
};

/** Token-id rows of `split` ([length] int32 each). */
export const textSource = (split: TextSplit): ExampleSource => ({
  count: split.count,
  rowShape: [split.length],
  dtype: 'int32',
  write: (example, _noiseSeed, out, offset) =>
    out.set(split.tokens.subarray(example * split.length, (example + 1) * split.length), offset),
});
