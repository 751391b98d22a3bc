/**
 * DepthwiseConv2dNativeBackpropFilter for the wasm backend (which has none).
 * With x of shape [N, H, W, C] and dy of shape [N, OH, OW, C M]:
 *
 *     dw[kh, kw, c, m] = sum_{n, oh, ow} x[n, oh sh + kh dh - pt, ow sw + kw dw - pl, c] dy[n, oh, ow, c M + m]
 *
 * Folding (n, c) into one channel axis makes this a single depthwise
 * convolution: x as [1, H, W, N C], dy as the filter [OH, OW, N C, M],
 * stride = the forward dilation, dilation = the forward stride; the result
 * [1, KH, KW, N C M] is summed over n.
 */
import { backend_util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { withKernelScope, type DisposingBackend } from '../../ops/kernel-scope.js';
import { filterGradientPadding, spatialAxes, splitPadding, type ConvPadding } from './backprop-geometry.js';
import { cropSpatial, explicitPadding, readsOnlyPadding, zerosOf } from './spatial-steps.js';

const depthwiseBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const a = attrs as {
    strides: number | [number, number];
    dilations?: number | [number, number];
    pad: ConvPadding;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    filterShape: [number, number, number, number];
  };
  const [n, h, w, c] = x.shape;
  const [kh, kw, , m] = a.filterShape;
  const [, oh, ow] = dy.shape;
  const geometry = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    a.filterShape,
    a.strides,
    a.dilations ?? 1,
    a.pad,
    a.dimRoundingMode,
    true,
  );
  const [rowAxis, colAxis] = spatialAxes(geometry);
  return withKernelScope('wasm', backend as DisposingBackend, (scope) => {
    const xT = scope.run('Transpose', { x }, { perm: [1, 2, 0, 3] });
    const xFolded = scope.run('Reshape', { x: xT }, { shape: [1, h, w, n * c] });
    const rows = splitPadding(h, filterGradientPadding(rowAxis));
    const cols = splitPadding(w, filterGradientPadding(colAxis));
    if (readsOnlyPadding(rows, cols)) return zerosOf(scope, a.filterShape);
    const xC = cropSpatial(scope, xFolded, rows, cols);
    const dyT = scope.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
    const dyFolded = scope.run('Reshape', { x: dyT }, { shape: [oh, ow, n * c, m] });
    const grad = scope.run(
      'DepthwiseConv2dNative',
      { x: xC, filter: dyFolded },
      {
        strides: [rowAxis.dilation, colAxis.dilation],
        dilations: [rowAxis.stride, colAxis.stride],
        pad: explicitPadding(rows, cols),
      },
    );
    const perSample = scope.run('Reshape', { x: grad }, { shape: [kh, kw, n, c * m] });
    const summed = scope.run('Sum', { x: perSample }, { axis: [2], keepDims: false });
    return scope.run('Reshape', { x: summed }, { shape: [kh, kw, c, m] });
  });
};

/** Registration record of the wasm DepthwiseConv2dNativeBackpropFilter. */
export const depthwiseBackpropFilterConfig: KernelConfig = {
  kernelName: 'DepthwiseConv2dNativeBackpropFilter',
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropFilter,
};
