/**
 * Tiles a batch of images (one flat [count, height, width, channels] array, as
 * read back from a tensor) into a single PNG, e.g. samples or reconstructions.
 */
import { PNG } from 'pngjs';

/** Layout and value range of an image grid. */
export interface ImageGridOptions {
  /** Tiles per row; defaults to ceil(sqrt(count)). */
  readonly columns?: number;
  /** Pixels of background between tiles and around the border; defaults to 1. */
  readonly padding?: number;
  /** Values mapped to black and white; values outside are clamped; defaults to [0, 1]. */
  readonly range?: readonly [number, number];
}

const positiveInteger = (name: string, value: number): void => {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`imageGridPng: ${name} must be a positive integer, got ${value}`);
};

/**
 * Encodes `count` images of `height` x `width` x `channels` values, laid out
 * row-major in `images`, as one PNG of tiles separated by `padding` pixels of
 * black background. Grey images (channels 1) are written as RGB with equal
 * components. Throws a RangeError naming the offending argument when the shape
 * does not match the data or an option is invalid.
 */
export const imageGridPng = (
  images: Float32Array,
  count: number,
  height: number,
  width: number,
  channels: 1 | 3,
  options: ImageGridOptions = {},
): Buffer => {
  positiveInteger('count', count);
  positiveInteger('height', height);
  positiveInteger('width', width);
  if (channels !== 1 && channels !== 3) throw new RangeError(`imageGridPng: channels must be 1 or 3, got ${channels}`);
  const tileSize = height * width * channels;
  if (images.length !== count * tileSize) {
    throw new RangeError(`imageGridPng: images holds ${images.length} values, expected count*height*width*channels = ${count * tileSize}`);
  }
  const columns = options.columns ?? Math.ceil(Math.sqrt(count));
  positiveInteger('options.columns', columns);
  const padding = options.padding ?? 1;
  if (!Number.isInteger(padding) || padding < 0) throw new RangeError(`imageGridPng: options.padding must be a non-negative integer, got ${padding}`);
  const [low, high] = options.range ?? [0, 1];
  if (!(Number.isFinite(low) && Number.isFinite(high) && high > low)) {
    throw new RangeError(`imageGridPng: options.range must be finite with low < high, got [${low}, ${high}]`);
  }

  const usedColumns = Math.min(columns, count);
  const rows = Math.ceil(count / usedColumns);
  const png = new PNG({
    width: usedColumns * width + (usedColumns + 1) * padding,
    height: rows * height + (rows + 1) * padding,
    colorType: 2,
    inputColorType: 6,
  });
  png.data.fill(0);
  for (let i = 3; i < png.data.length; i += 4) png.data[i] = 255;

  const scale = 255 / (high - low);
  const toByte = (value: number): number => Math.round(Math.min(255, Math.max(0, (value - low) * scale)));
  for (let n = 0; n < count; n++) {
    const top = padding + Math.floor(n / usedColumns) * (height + padding);
    const left = padding + (n % usedColumns) * (width + padding);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const source = n * tileSize + (y * width + x) * channels;
        const target = ((top + y) * png.width + left + x) * 4;
        for (let c = 0; c < 3; c++) png.data[target + c] = toByte(images[source + (channels === 3 ? c : 0)]);
      }
    }
  }
  return PNG.sync.write(png, { colorType: 2 });
};
