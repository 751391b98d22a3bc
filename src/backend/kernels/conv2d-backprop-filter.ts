/**
 * Conv2DBackpropFilter for the wasm backend (which has none), as one
 * forward Conv2D with transposed operands:
 *
 *     dw[kh, kw, ci, co] = sum_{n, oh, ow} x[n, oh sh + kh - pt, ow sw + kw - pl, ci] dy[n, oh, ow, co]
 *
 * is conv2d(transpose(x, [3, 1, 2, 0]), transpose(dy, [1, 2, 0, 3])) with
 * the channels ci as batch, the batch n as input channels, dy as filter,
 * stride 1 and dilation = the forward stride; the [ci, kh, kw, co] result
 * is transposed to [kh, kw, ci, co].
 */
import { backend_util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { withKernelScope, type DisposingBackend } from '../../ops/kernel-scope.js';
import { filterGradientPadding, spatialAxes, splitPadding, type ConvPadding } from './backprop-geometry.js';
import { cropSpatial, explicitPadding, readsOnlyPadding, zerosOf } from './spatial-steps.js';

const conv2DBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const a = attrs as {
    strides: number | [number, number];
    pad: ConvPadding;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    filterShape: [number, number, number, number];
  };
  if (a.dataFormat === 'NCHW') {
    throw new Error("Conv2DBackpropFilter (strata wasm kernel): dataFormat 'NCHW' is not supported; use 'NHWC'");
  }
  const geometry = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    a.filterShape,
    a.strides,
    1,
    a.pad,
    a.dimRoundingMode,
  );
  const [rowAxis, colAxis] = spatialAxes(geometry);
  return withKernelScope('wasm', backend as DisposingBackend, (scope) => {
    const xT = scope.run('Transpose', { x }, { perm: [3, 1, 2, 0] });
    const rows = splitPadding(xT.shape[1], filterGradientPadding(rowAxis));
    const cols = splitPadding(xT.shape[2], filterGradientPadding(colAxis));
    if (readsOnlyPadding(rows, cols)) return zerosOf(scope, a.filterShape);
    const xC = cropSpatial(scope, xT, rows, cols);
    const dyT = scope.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
    const grad = scope.run(
      'Conv2D',
      { x: xC, filter: dyT },
      {
        strides: [rowAxis.dilation, colAxis.dilation],
        dilations: [rowAxis.stride, colAxis.stride],
        pad: explicitPadding(rows, cols),
        dataFormat: 'NHWC',
      },
    );
    return scope.run('Transpose', { x: grad }, { perm: [1, 2, 0, 3] });
  });
};

/** Registration record of the wasm Conv2DBackpropFilter. */
export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter,
};
