import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { imageGridPng } from '../../src/report/png-grid.js';

const pixel = (png: PNG, x: number, y: number): number[] => {
  const i = (y * png.width + x) * 4;
  return Array.from(png.data.subarray(i, i + 4));
};

describe('imageGridPng', () => {
  it('tiles grey images in rows of `columns` with padding between and around them', () => {
    const count = 5;
    const images = new Float32Array(count * 2 * 3);
    images[4 * 6 + 1 * 3 + 2] = 1;

    const png = PNG.sync.read(imageGridPng(images, count, 2, 3, 1, { columns: 3, padding: 2 }));

    expect(png.width).toBe(3 * 3 + 4 * 2);
    expect(png.height).toBe(2 * 2 + 3 * 2);
    const left = 2 + 1 * (3 + 2);
    const top = 2 + 1 * (2 + 2);
    expect(pixel(png, left + 2, top + 1)).toEqual([255, 255, 255, 255]);
    expect(pixel(png, left + 1, top + 1)).toEqual([0, 0, 0, 255]);
  });

  it('maps the range to 0..255 and clamps values outside it', () => {
    const images = new Float32Array([-1, 0, 0.5, 1, 3]);

    const png = PNG.sync.read(imageGridPng(images, 1, 1, 5, 1, { padding: 0, range: [-1, 1] }));

    expect([0, 1, 2, 3, 4].map((x) => pixel(png, x, 0)[0])).toEqual([0, 128, 191, 255, 255]);
  });

  it('keeps the colour channels of RGB images in order', () => {
    const images = new Float32Array([1, 0.5, 0, 0, 0, 1]);

    const png = PNG.sync.read(imageGridPng(images, 2, 1, 1, 3, { columns: 1, padding: 1 }));

    expect([png.width, png.height]).toEqual([3, 5]);
    expect(pixel(png, 1, 1)).toEqual([255, 128, 0, 255]);
    expect(pixel(png, 1, 3)).toEqual([0, 0, 255, 255]);
  });

  it('defaults to a square-ish layout with one pixel of padding', () => {
    const png = PNG.sync.read(imageGridPng(new Float32Array(10 * 4), 10, 2, 2, 1, {}));

    expect([png.width, png.height]).toEqual([4 * 2 + 5, 3 * 2 + 4]);
  });

  it('rejects data that does not match the shape, naming the arguments', () => {
    expect(() => imageGridPng(new Float32Array(7), 2, 2, 2, 1, {})).toThrow('images holds 7 values, expected count*height*width*channels = 8');
    expect(() => imageGridPng(new Float32Array(8), 2, 2, 2, 1, { columns: 0 })).toThrow('options.columns');
    expect(() => imageGridPng(new Float32Array(8), 2, 2, 2, 1, { range: [1, 1] })).toThrow('options.range');
  });
});
