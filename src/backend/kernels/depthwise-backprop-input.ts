/**
 * DepthwiseConv2dNativeBackpropInput for the wasm backend (which has none).
 * With filter w of shape [KH, KW, C, M] and dy of shape [N, OH, OW, C M]:
 *
 *     dx[n, h, w, c] = sum_m (zeroInsert(dy) * reverse_hw(w))[n, h, w, c M + m]
 *
 * a depthwise convolution of the zero-inserted dy (C M channels, multiplier 1)
 * with the reversed filter reshaped to [KH, KW, C M, 1], then a sum over m.
 */
import { backend_util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { ConvPadding } from './backprop-geometry.js';
import { withKernelScope, type DisposingBackend } from '../../ops/kernel-scope.js';
import { inputGradient } from './input-gradient.js';

const depthwiseBackpropInput: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const a = attrs as {
    strides: number | [number, number];
    dilations?: number | [number, number];
    pad: ConvPadding;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    inputShape: [number, number, number, number];
  };
  const [kh, kw, c, m] = filter.shape;
  const geometry = backend_util.computeConv2DInfo(
    a.inputShape,
    filter.shape as [number, number, number, number],
    a.strides,
    a.dilations ?? 1,
    a.pad,
    a.dimRoundingMode,
    true,
  );
  return withKernelScope('wasm', backend as DisposingBackend, (scope) => {
    const reversed = scope.run('Reverse', { x: filter }, { dims: [0, 1] });
    const flat = scope.run('Reshape', { x: reversed }, { shape: [kh, kw, c * m, 1] });
    const perChannel = inputGradient(scope, dy, flat, geometry, 'DepthwiseConv2dNative');
    if (m === 1) return perChannel;
    const [n, h, w] = perChannel.shape;
    const split = scope.run('Reshape', { x: perChannel }, { shape: [n, h, w, c, m] });
    return scope.run('Sum', { x: split }, { axis: [4], keepDims: false });
  });
};

/** Registration record of the wasm DepthwiseConv2dNativeBackpropInput. */
export const depthwiseBackpropInputConfig: KernelConfig = {
  kernelName: 'DepthwiseConv2dNativeBackpropInput',
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropInput,
};
