/**
 * explicit-same-padding.ts: 'same' convolutions on wasm whose unclamped
 * padding (out - 1) stride + K - in is negative give the right values
 * (tfjs's wasm kernels give 0 there), and every other geometry is unchanged.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { explicitSamePadding } from '../../../src/backend/kernels/explicit-same-padding.js';
import { setUpWasmAndCpu } from './wasm-vs-cpu.js';

const conv = (x: [number, number, number, number], k: [number, number, number, number], stride: number): number[] =>
  Array.from(tf.tidy(() => tf.conv2d(tf.ones(x) as tf.Tensor4D, tf.ones(k) as tf.Tensor4D, stride, 'same')).dataSync());

const depthwise = (x: [number, number, number, number], k: [number, number, number, number], stride: number): number[] =>
  Array.from(tf.tidy(() => tf.depthwiseConv2d(tf.ones(x) as tf.Tensor4D, tf.ones(k) as tf.Tensor4D, stride, 'same')).dataSync());

describe('explicitSamePadding', () => {
  it('clamps a negative total padding at zero and puts the odd pixel after', () => {
    expect(explicitSamePadding([1, 3, 3, 1], [2, 2, 1, 1], 3, 1, false)).toEqual([[0, 0], [0, 0], [0, 0], [0, 0]]);
    expect(explicitSamePadding([1, 5, 4, 1], [4, 2, 1, 1], 1, 1, false)).toEqual([[0, 0], [1, 2], [0, 1], [0, 0]]);
  });
});

describe('wasm forward convolutions with stride larger than the filter', () => {
  beforeAll(setUpWasmAndCpu);

  it("conv2d(ones [1,3,3,1], ones [2,2,1,1], 3, 'same') is [4] (was [0])", async () => {
    await tf.setBackend('wasm');
    expect(conv([1, 3, 3, 1], [2, 2, 1, 1], 3)).toEqual([4]);
  });

  it("conv2d(ones [1,4,4,1], ones [3,3,1,1], 4, 'same') is [9] (was [0])", async () => {
    await tf.setBackend('wasm');
    expect(conv([1, 4, 4, 1], [3, 3, 1, 1], 4)).toEqual([9]);
  });

  it("depthwiseConv2d(ones [1,3,3,2], ones [2,2,2,1], 3, 'same') is [4, 4] (was [0, 0])", async () => {
    await tf.setBackend('wasm');
    expect(depthwise([1, 3, 3, 2], [2, 2, 2, 1], 3)).toEqual([4, 4]);
  });

  it("keeps tfjs's padding where it was right: conv2d(ones [1,4,4,1], ones [3,3,1,1], 2, 'same')", async () => {
    await tf.setBackend('wasm');
    expect(conv([1, 4, 4, 1], [3, 3, 1, 1], 2)).toEqual([9, 6, 6, 4]);
  });
});
