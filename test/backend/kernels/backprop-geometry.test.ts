/**
 * backprop-geometry.ts: the paddings make the gradient convolutions produce
 * exactly the forward input length and the filter length, and the
 * crop/pad split reads the same window as the signed padding.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  filterGradientPadding,
  inputGradientPadding,
  splitPadding,
  type ConvAxis,
} from '../../../src/backend/kernels/backprop-geometry.js';

/** Forward axes with an explicit padding and at least one output. */
const axisArb: fc.Arbitrary<ConvAxis> = fc
  .record({
    inSize: fc.integer({ min: 1, max: 30 }),
    filterSize: fc.integer({ min: 1, max: 7 }),
    stride: fc.integer({ min: 1, max: 4 }),
    dilation: fc.integer({ min: 1, max: 4 }),
    padBefore: fc.nat(6),
    padAfter: fc.nat(6),
  })
  .map(({ padAfter, ...a }) => ({
    ...a,
    outSize: Math.floor((a.inSize + a.padBefore + padAfter - (a.filterSize - 1) * a.dilation - 1) / a.stride) + 1,
  }))
  .filter((a) => a.outSize >= 1);

/** Output length of a 1-D convolution over `length` elements. */
const convLength = (length: number, filter: number, stride: number, dilation: number): number =>
  Math.floor((length - (filter - 1) * dilation - 1) / stride) + 1;

describe('backprop geometry', () => {
  it('input gradient: the padded zero-inserted dy convolved with the filter has the input length', () => {
    fc.assert(
      fc.property(axisArb, (a) => {
        const p = inputGradientPadding(a);
        expect(convLength(a.outSize * a.stride + p.before + p.after, a.filterSize, 1, a.dilation)).toBe(a.inSize);
      }),
    );
  });

  it('filter gradient: the padded x convolved with dy (stride d, dilation s) has the filter length', () => {
    fc.assert(
      fc.property(axisArb, (a) => {
        const p = filterGradientPadding(a);
        expect(convLength(a.inSize + p.before + p.after, a.outSize, a.dilation, a.stride)).toBe(a.filterSize);
      }),
    );
  });

  it('splitPadding reads the same window as the signed padding', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: -25, max: 25 }), fc.integer({ min: -25, max: 25 }), (n, before, after) => {
        fc.pre(n + before + after >= 0);
        // Arrange: x = 1..n, zero padded; the window by direct definition.
        const at = (i: number): number => (i >= 0 && i < n ? i + 1 : 0);
        const direct = Array.from({ length: n + before + after }, (_, j) => at(j - before));
        // Act
        const s = splitPadding(n, { before, after });
        const viaSplit = [
          ...Array<number>(s.padBefore).fill(0),
          ...Array.from({ length: s.keep }, (_, j) => at(s.cropBefore + j)),
          ...Array<number>(s.padAfter).fill(0),
        ];
        // Assert
        expect(viaSplit).toEqual(direct);
      }),
    );
  });
});
