import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gemmShapes, kernelFlops, stepFlops } from '../../bench/flops.js';

describe('kernelFlops', () => {
  it('counts 2 m k n for a product, with either operand transposed, and one more per output for a fused epilogue', () => {
    expect(kernelFlops({ name: 'MatMul', inputShapes: [[48, 784], [784, 512]], outputShapes: [[48, 512]] })).toBe(2 * 48 * 784 * 512);
    expect(kernelFlops({ name: 'BatchMatMul', inputShapes: [[3, 784, 48], [3, 784, 512]], outputShapes: [[3, 48, 512]] })).toBe(2 * 3 * 48 * 784 * 512);
    expect(kernelFlops({ name: '_FusedMatMul', inputShapes: [[48, 784], [784, 512], [512]], outputShapes: [[48, 512]] })).toBe(2 * 48 * 784 * 512 + 48 * 512);
  });

  it('counts the direct algorithm for a convolution and both of its gradients', () => {
    const direct = 2 * 8 * 14 * 14 * 64 * 3 * 3 * 32;

    expect(kernelFlops({ name: 'Conv2D', inputShapes: [[8, 28, 28, 32], [3, 3, 32, 64]], outputShapes: [[8, 14, 14, 64]] })).toBe(direct);
    expect(kernelFlops({ name: 'Conv2DBackpropInput', inputShapes: [[8, 14, 14, 64], [3, 3, 32, 64]], outputShapes: [[8, 28, 28, 32]] })).toBe(direct);
    expect(kernelFlops({ name: 'Conv2DBackpropFilter', inputShapes: [[8, 28, 28, 32], [8, 14, 14, 64]], outputShapes: [[3, 3, 32, 64]] })).toBe(direct);
    expect(kernelFlops({ name: 'DepthwiseConv2dNative', inputShapes: [[2, 9, 9, 4], [3, 3, 4, 2]], outputShapes: [[2, 9, 9, 8]] })).toBe(2 * 2 * 9 * 9 * 8 * 9);
  });

  it('counts only the kept rows of the masked output layer, forward and gradient', () => {
    // Arrange: 82 rows of 64 features into 20,004 words, half of the rows kept
    const forward = { name: 'StrataMaskedAffine', inputShapes: [[82, 64], [64, 20004], [20004], [82]], outputShapes: [[82, 20004]] };
    const gradient = { name: 'StrataMaskedAffineGrad', inputShapes: [[82, 20004], [82, 64], [64, 20004], [82]], outputShapes: [[82, 64], [64, 20004], [20004]] };
    // Act / Assert
    expect(kernelFlops(forward, 0.5)).toBe(41 * (2 * 64 * 20004 + 20004));
    expect(kernelFlops(gradient, 0.5)).toBe(41 * (4 * 64 * 20004 + 20004));
    expect(kernelFlops(forward)).toBe(82 * (2 * 64 * 20004 + 20004));
  });

  it('counts one FLOP per output element of any other kernel', () => {
    expect(kernelFlops({ name: 'Exp', inputShapes: [[48, 512]], outputShapes: [[48, 512]] })).toBe(48 * 512);
    expect(kernelFlops({ name: 'Sum', inputShapes: [[48, 512]], outputShapes: [[48]] })).toBe(48);
  });
});

describe('stepFlops', () => {
  it('adds up the kernels a step runs: a product and an elementwise op', async () => {
    // Arrange
    const a = tf.ones([16, 32]);
    const b = tf.ones([32, 8]);
    // Act
    const count = await stepFlops(() => tf.tidy(() => tf.exp(tf.matMul(a, b))).dispose());
    // Assert
    expect(count.total).toBe(2 * 16 * 32 * 8 + 16 * 8);
    expect(count.gemmShare).toBeCloseTo((2 * 16 * 32 * 8) / count.total, 12);
    tf.dispose([a, b]);
  });
});

describe('gemmShapes', () => {
  it('gives a product its own m, k, n and a convolution and its gradients their im2col products', () => {
    // Arrange
    const conv = { inputShapes: [[8, 28, 28, 32], [3, 3, 32, 64]], outputShapes: [[8, 14, 14, 64]] };
    // Act / Assert
    expect(gemmShapes({ name: '_FusedMatMul', inputShapes: [[48, 784], [784, 512], [512]], outputShapes: [[48, 512]] })).toEqual([[48, 784, 512]]);
    expect(gemmShapes({ name: 'Conv2D', ...conv })).toEqual([[8 * 14 * 14, 9 * 32, 64]]);
    expect(gemmShapes({ name: 'Conv2DBackpropInput', inputShapes: [[8, 14, 14, 64], [3, 3, 32, 64]], outputShapes: [[8, 28, 28, 32]] })).toEqual([[8 * 14 * 14, 64, 9 * 32]]);
    expect(gemmShapes({ name: 'Conv2DBackpropFilter', inputShapes: [[8, 28, 28, 32], [8, 14, 14, 64]], outputShapes: [[3, 3, 32, 64]] })).toEqual([[9 * 32, 8 * 14 * 14, 64]]);
    expect(gemmShapes({ name: 'Exp', inputShapes: [[48, 512]], outputShapes: [[48, 512]] })).toEqual([]);
  });

  it('has the FLOPs of the kernel rule for products, convolutions and the masked layer (2 m k n each)', () => {
    // Arrange
    const calls = [
      { name: 'MatMul', inputShapes: [[3, 784, 48], [3, 784, 512]], outputShapes: [[3, 48, 512]] },
      { name: 'Conv2DBackpropFilter', inputShapes: [[8, 28, 28, 32], [8, 14, 14, 64]], outputShapes: [[3, 3, 32, 64]] },
      { name: 'StrataMaskedAffineGrad', inputShapes: [[82, 20004], [82, 64], [64, 20004], [82]], outputShapes: [[82, 64], [64, 20004], [20004]] },
    ];
    for (const call of calls) {
      // Act
      const gemm = gemmShapes(call, 0.5).reduce((s, [m, k, n]) => s + 2 * m * k * n, 0);
      // Assert: the kernel rule adds at most one FLOP per output element (a bias gradient)
      expect(kernelFlops(call, 0.5) - gemm).toBeGreaterThanOrEqual(0);
      expect(kernelFlops(call, 0.5) - gemm).toBeLessThanOrEqual(0.5 * 82 * 20004);
    }
  });
});
