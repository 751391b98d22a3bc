/**
 * Conv2DBackpropInput for the wasm backend, as one forward Conv2D:
 * dx = conv2d(zeroInsert(dy), reverse_hw(transpose(w, [0, 1, 3, 2]))).
 * The backend's own kernel is a scalar loop; XNNPACK's convolution is not.
 * Also the forward pass of conv2dTranspose.
 */
import { backend_util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { ConvPadding } from './backprop-geometry.js';
import { withKernelScope, type DisposingBackend } from '../../ops/kernel-scope.js';
import { inputGradient } from './input-gradient.js';

const conv2DBackpropInput: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const a = attrs as {
    strides: number | [number, number];
    pad: ConvPadding;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    inputShape: [number, number, number, number];
  };
  if (a.dataFormat === 'NCHW') {
    throw new Error("Conv2DBackpropInput (strata wasm kernel): dataFormat 'NCHW' is not supported; use 'NHWC'");
  }
  const geometry = backend_util.computeConv2DInfo(
    a.inputShape,
    filter.shape as [number, number, number, number],
    a.strides,
    1,
    a.pad,
    a.dimRoundingMode,
  );
  return withKernelScope('wasm', backend as DisposingBackend, (scope) => {
    const swapped = scope.run('Transpose', { x: filter }, { perm: [0, 1, 3, 2] });
    const reversed = scope.run('Reverse', { x: swapped }, { dims: [0, 1] });
    return inputGradient(scope, dy, reversed, geometry, 'Conv2D');
  });
};

/** Registration record of the fast wasm Conv2DBackpropInput. */
export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput,
};
