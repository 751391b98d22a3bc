/**
 * The input gradient of a 2-D convolution as a forward convolution: the
 * zero-inserted, padded dy convolved (stride 1, the forward dilation) with
 * a filter the caller has already reversed and rearranged.
 * See backprop-geometry.ts for the derivation.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelScope } from '../../ops/kernel-scope.js';
import { inputGradientPadding, spatialAxes, splitPadding, type Conv2DGeometry } from './backprop-geometry.js';
import { cropSpatial, explicitPadding, insertZeros } from './spatial-steps.js';

/**
 * dx = conv(zeroInsert(dy), reversedFilter) with `convKernel`
 * ('Conv2D' or 'DepthwiseConv2dNative'); the result has the forward input's
 * spatial size.
 */
export const inputGradient = (
  scope: KernelScope,
  dy: TensorInfo,
  reversedFilter: TensorInfo,
  geometry: Conv2DGeometry,
  convKernel: 'Conv2D' | 'DepthwiseConv2dNative',
): TensorInfo => {
  const [rowAxis, colAxis] = spatialAxes(geometry);
  const spread = insertZeros(scope, dy, rowAxis.stride, colAxis.stride);
  const rows = splitPadding(spread.shape[1], inputGradientPadding(rowAxis));
  const cols = splitPadding(spread.shape[2], inputGradientPadding(colAxis));
  const cropped = cropSpatial(scope, spread, rows, cols);
  return scope.run(
    convKernel,
    { x: cropped, filter: reversedFilter },
    {
      strides: [1, 1],
      dilations: [rowAxis.dilation, colAxis.dilation],
      pad: explicitPadding(rows, cols),
      dataFormat: 'NHWC',
    },
  );
};
