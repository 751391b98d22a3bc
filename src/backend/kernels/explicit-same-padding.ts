/**
 * Forward convolutions on wasm with 'same' padding given explicitly.
 *
 * tfjs-backend-wasm hands 'same' convolutions (Conv2D, FusedConv2D,
 * DepthwiseConv2dNative, FusedDepthwiseConv2D) to XNNPACK with
 * XNN_FLAG_TENSORFLOW_SAME_PADDING and zero pads; XNNPACK then computes the
 * total padding (out - 1) stride + (K - 1) dilation + 1 - in itself, in an
 * unsigned integer. When that is negative (a stride larger than the filter,
 * e.g. a 2x2 filter with stride 3 on a 3x3 map) it wraps to a huge padding
 * and every output reads padding only: the result is all zeros (tfjs issue
 * class "conv2d same padding wrong on wasm"). TensorFlow and tfjs's own
 * computeConv2DInfo clamp that padding at 0.
 *
 * The wrapper computes the clamped padding with computeConv2DInfo and passes
 * it as an explicit padding, which XNNPACK takes as given. For every
 * geometry where the unclamped padding is non-negative this is the padding
 * XNNPACK would have used (top = floor(total / 2)), so results there are
 * unchanged.
 */
import { backend_util, type KernelConfig, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';

/** The forward convolution kernels whose wasm versions mishandle 'same' padding. */
export const samePaddingKernelNames: readonly string[] = [
  'Conv2D',
  'FusedConv2D',
  'DepthwiseConv2dNative',
  'FusedDepthwiseConv2D',
];

const depthwiseKernels: ReadonlySet<string> = new Set(['DepthwiseConv2dNative', 'FusedDepthwiseConv2D']);

type Shape4 = [number, number, number, number];

/**
 * The explicit NHWC padding [[0, 0], [top, bottom], [left, right], [0, 0]]
 * that tfjs (and TensorFlow) use for a 'same' convolution of an input of
 * `xShape` by a filter of `filterShape`: total padding per axis
 * max(0, (out - 1) stride + (K - 1) dilation + 1 - in), top = floor(total / 2).
 */
export const explicitSamePadding = (
  xShape: readonly number[],
  filterShape: readonly number[],
  strides: number | [number, number],
  dilations: number | [number, number],
  depthwise: boolean,
): backend_util.ExplicitPadding => {
  const info = backend_util.computeConv2DInfo(xShape as Shape4, filterShape as Shape4, strides, dilations, 'same', undefined, depthwise);
  const p = info.padInfo;
  return [[0, 0], [p.top, p.bottom], [p.left, p.right], [0, 0]];
};

/**
 * A kernel config that runs `original` (a forward convolution kernel named
 * in {@link samePaddingKernelNames}) with 'same' padding replaced by
 * {@link explicitSamePadding}; other paddings and NCHW inputs pass through
 * unchanged. Keeps `original`'s setup and dispose functions.
 */
export const withExplicitSamePadding = (original: KernelConfig): KernelConfig => {
  const depthwise = depthwiseKernels.has(original.kernelName);
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const a = (attrs ?? {}) as { pad?: unknown; dataFormat?: string; strides: number | [number, number]; dilations?: number | [number, number] };
    if (a.pad !== 'same' || a.dataFormat === 'NCHW') return original.kernelFunc({ inputs, backend, attrs });
    const { x, filter } = inputs as { x: TensorInfo; filter: TensorInfo };
    const pad = explicitSamePadding(x.shape, filter.shape, a.strides, a.dilations ?? 1, depthwise);
    return original.kernelFunc({ inputs, backend, attrs: { ...attrs, pad } as unknown as NamedAttrMap });
  };
  return { ...original, kernelFunc };
};
