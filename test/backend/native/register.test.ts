/**
 * register.ts: registering the native kernels alone also installs strata's
 * wasm kernels, so the convolutions native leaves to wasm (depthwise) get
 * 'same' padding right when the stride exceeds the filter (issue 14).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { skipReason } from './reference.js';

describe(`registerNativeKernels${skipReason}`, () => {
  it.skipIf(skipReason !== '')("depthwiseConv2d(ones [1,3,3,1], ones [2,2,1,1], 3, 'same') is [4] on native (was [0])", async () => {
    // Arrange
    await tf.setBackend('wasm');
    // Act
    const y = tf.tidy(() => Array.from(tf.depthwiseConv2d(tf.ones([1, 3, 3, 1]) as tf.Tensor4D, tf.ones([2, 2, 1, 1]) as tf.Tensor4D, 3, 'same').dataSync()));
    // Assert
    expect(y).toEqual([4]);
  });

  it.skipIf(skipReason !== '')("conv2d(ones [1,4,4,1], ones [3,3,1,1], 4, 'same') is [9] on native", async () => {
    await tf.setBackend('wasm');
    const y = tf.tidy(() => Array.from(tf.conv2d(tf.ones([1, 4, 4, 1]) as tf.Tensor4D, tf.ones([3, 3, 1, 1]) as tf.Tensor4D, 4, 'same').dataSync()));
    expect(y).toEqual([9]);
  });
});
