/**
 * Gradients of dilated convolutions, for every backend.
 *
 * tfjs-core refuses the gradient of conv2d and depthwiseConv2d when a
 * dilation exceeds 1, and the backprop kernels take no dilation (conv2d) or
 * ignore it (cpu depthwise). A convolution with dilation d equals an
 * undilated one with the filter spread out by d - 1 zeros between taps:
 *
 *     conv(x, w; d) = conv(x, spread_d(w)),   dw = every d-th tap of dw_spread
 *
 * (the stride must be 1 when d > 1, and 'same' padding agrees because both
 * see the effective filter size (K - 1) d + 1). These gradient configs use
 * that identity and fall back to the plain kernels when d = 1.
 */
import {
  engine,
  pad,
  registerGradient,
  reshape,
  slice,
  stridedSlice,
  type GradConfig,
  type NamedAttrMap,
  type Tensor,
  type Tensor4D,
} from '@tensorflow/tfjs-core';

const pair = (v: unknown): [number, number] =>
  Array.isArray(v) ? [Number(v[0]), Number(v[1])] : v == null ? [1, 1] : [Number(v), Number(v)];

/** Spreads a [KH, KW, A, B] filter to [(KH-1) dh + 1, (KW-1) dw + 1, A, B] with zeros between taps. */
export const spreadFilter = (w: Tensor4D, dh: number, dw: number): Tensor4D => {
  if (dh === 1 && dw === 1) return w;
  const [kh, kw, a, b] = w.shape;
  const split = reshape(w, [kh, 1, kw, 1, a * b]);
  const padded = pad(split, [[0, 0], [0, dh - 1], [0, 0], [0, dw - 1], [0, 0]]);
  return slice(reshape(padded, [kh * dh, kw * dw, a, b]), [0, 0, 0, 0], spreadShape(w.shape, dh, dw)) as Tensor4D;
};

/** The shape `spreadFilter` gives a filter of shape `shape`. */
export const spreadShape = (shape: readonly number[], dh: number, dw: number): [number, number, number, number] => [
  (shape[0] - 1) * dh + 1,
  (shape[1] - 1) * dw + 1,
  shape[2],
  shape[3],
];

/** Keeps every dh-th row and dw-th column of a spread filter gradient: the inverse of `spreadFilter`'s layout. */
export const gatherTaps = (g: Tensor4D, dh: number, dw: number): Tensor4D =>
  dh === 1 && dw === 1 ? g : (stridedSlice(g, [0, 0, 0, 0], g.shape, [dh, dw, 1, 1]) as Tensor4D);

const run = (kernel: string, inputs: Record<string, Tensor>, attrs: NamedAttrMap): Tensor =>
  engine().runKernel(kernel, inputs, attrs) as Tensor;

const dilatedGradient = (kernelName: string, inputKernel: string, filterKernel: string, depthwise: boolean): GradConfig => ({
  kernelName,
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter] = saved as [Tensor4D, Tensor4D];
    const [dh, dw] = pair(attrs.dilations);
    const { strides, pad, dimRoundingMode } = attrs as { strides: number[]; pad: NamedAttrMap[string]; dimRoundingMode?: string };
    const common: NamedAttrMap = depthwise
      ? { strides, pad, dilations: [1, 1], ...(dimRoundingMode === undefined ? {} : { dimRoundingMode }) }
      : { strides, pad, dataFormat: attrs.dataFormat, ...(dimRoundingMode === undefined ? {} : { dimRoundingMode }) };
    return {
      x: () => run(inputKernel, { dy: dy as Tensor, filter: spreadFilter(filter, dh, dw) }, { ...common, inputShape: x.shape }),
      filter: () => {
        const filterShape = spreadShape(filter.shape, dh, dw);
        const g = run(filterKernel, { x, dy: dy as Tensor }, { ...common, filterShape }) as Tensor4D;
        return gatherTaps(g, dh, dw);
      },
    };
  },
});

/** Conv2D gradient that accepts dilations (replaces tfjs-core's). */
export const conv2DGradient: GradConfig = dilatedGradient('Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', false);

/** DepthwiseConv2dNative gradient that accepts dilations (replaces tfjs-core's). */
export const depthwiseConv2dGradient: GradConfig = dilatedGradient(
  'DepthwiseConv2dNative',
  'DepthwiseConv2dNativeBackpropInput',
  'DepthwiseConv2dNativeBackpropFilter',
  true,
);

/** Installs both gradients for all backends; calling it again changes nothing. */
export const registerDilatedConvGradients = (): void => {
  registerGradient(conv2DGradient);
  registerGradient(depthwiseConv2dGradient);
};
