/**
 * register.ts: registering the native kernels alone also installs strata's
 * wasm kernels, so the convolutions native leaves to wasm (depthwise) get
 * 'same' padding right when the stride exceeds the filter (issue 14).
 */
import * as tf from '@tensorflow/tfjs';
import { getKernel } from '@tensorflow/tfjs-core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { nativeKernels, registerNativeKernels } from '../../../src/backend/native/register.js';
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

  it.skipIf(skipReason !== '')('reports the kernels of its one table, Elu and strata\'s own included, each installed on wasm', () => {
    // Act
    const installed = registerNativeKernels();

    // Assert
    const names = nativeKernels.map(([name]) => name);
    expect(E.isRight(installed) && installed.right.kernels).toEqual(names);
    expect(names).toEqual(expect.arrayContaining(['Elu', 'StrataAdam', 'StrataAdamInPlace', 'StrataDropout', 'StrataMovingAverage', 'StrataSumOfSquares']));
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((name) => getKernel(name, 'wasm') === undefined)).toEqual([]);
  });
});
