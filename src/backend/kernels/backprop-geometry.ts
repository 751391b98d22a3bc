/**
 * Geometry of convolution gradients written as forward convolutions.
 *
 * Along one spatial axis a forward convolution with input length H, filter
 * length K, stride s, dilation d and padding p before gives O outputs:
 *
 *     y[o] = sum_k x[o s + k d - p] w[k]
 *
 * Input gradient: dx[h] = sum_{o,k : o s + k d - p = h} dy[o] w[k]. Insert
 * s - 1 zeros after every dy element (length O s), pad it by
 * (K-1) d - p before and H + p - O s after, and convolve with stride 1,
 * dilation d and the reversed filter: exactly H outputs.
 *
 * Filter gradient: dw[k] = sum_o x[o s + k d - p] dy[o]. Pad x by p before
 * and (K-1) d + (O-1) s + 1 - H - p after, and convolve it with dy as the
 * filter, stride d and dilation s: exactly K outputs.
 *
 * A negative padding means cropping; `splitPadding` separates the two so
 * the crop becomes a slice and the padding stays inside the convolution.
 */

/** The padding attribute of tfjs convolutions. */
export type ConvPadding = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];

/** One spatial axis of a forward convolution. */
export interface ConvAxis {
  readonly inSize: number;
  readonly filterSize: number;
  readonly stride: number;
  readonly dilation: number;
  readonly padBefore: number;
  readonly outSize: number;
}

/** Signed amounts to add before and after an axis (negative: remove). */
export interface AxisPadding {
  readonly before: number;
  readonly after: number;
}

/** Padding of the zero-inserted (length O s) dy for the input gradient. */
export const inputGradientPadding = (a: ConvAxis): AxisPadding => ({
  before: (a.filterSize - 1) * a.dilation - a.padBefore,
  after: a.inSize + a.padBefore - a.outSize * a.stride,
});

/** Padding of x for the filter gradient (dy as filter, stride d, dilation s). */
export const filterGradientPadding = (a: ConvAxis): AxisPadding => ({
  before: a.padBefore,
  after: (a.filterSize - 1) * a.dilation + (a.outSize - 1) * a.stride + 1 - a.inSize - a.padBefore,
});

/**
 * A signed padding split into a crop (slice) followed by a non-negative pad.
 * The padded axis is x extended by zeros on both sides, read from index
 * -before to length + after (exclusive); `keep` may be 0 when that window
 * covers padding only.
 */
export interface CropThenPad {
  /** Elements removed from the start. */
  readonly cropBefore: number;
  /** Elements of the axis kept after cropping. */
  readonly keep: number;
  readonly padBefore: number;
  readonly padAfter: number;
}

/** Splits a signed padding of an axis of `length` elements into crop and pad. */
export const splitPadding = (length: number, p: AxisPadding): CropThenPad => {
  const start = -p.before;
  const end = length + p.after;
  return {
    cropBefore: Math.min(Math.max(start, 0), length),
    keep: Math.max(0, Math.min(end, length) - Math.max(start, 0)),
    padBefore: Math.max(0, Math.min(end, 0) - start),
    padAfter: Math.max(0, end - Math.max(start, length)),
  };
};

/** The fields of tfjs's `Conv2DInfo` that describe the two spatial axes. */
export interface Conv2DGeometry {
  readonly inHeight: number;
  readonly inWidth: number;
  readonly filterHeight: number;
  readonly filterWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly dilationHeight: number;
  readonly dilationWidth: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly padInfo: { readonly top: number; readonly left: number };
}

/** The height and width axes of a forward convolution. */
export const spatialAxes = (g: Conv2DGeometry): readonly [ConvAxis, ConvAxis] => [
  {
    inSize: g.inHeight,
    filterSize: g.filterHeight,
    stride: g.strideHeight,
    dilation: g.dilationHeight,
    padBefore: g.padInfo.top,
    outSize: g.outHeight,
  },
  {
    inSize: g.inWidth,
    filterSize: g.filterWidth,
    stride: g.strideWidth,
    dilation: g.dilationWidth,
    padBefore: g.padInfo.left,
    outSize: g.outWidth,
  },
];
