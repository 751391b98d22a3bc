import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { addMany, MAX_ADDN_INPUTS, MAX_SELECT_RANK } from '../../src/backend/webgpu-limits.js';
import { sumOfSquares } from '../../src/ops/sum-of-squares.js';
import { densityOf } from '../../src/dsl/distributions/density.js';
import { discretizedLogistic } from '../../src/dsl/distributions/distribution.js';

/** The kernels `f` issues on the active backend, with their input shapes. */
const kernelsOf = async (f: () => tf.Tensor): Promise<{ name: string; inputShapes: number[][] }[]> => {
  const info = await tf.profile(() => f());
  return info.kernels.map((k) => ({ name: k.name, inputShapes: k.inputShapes as number[][] }));
};

const tensors = (n: number, seed: number): tf.Tensor[] => Array.from({ length: n }, (_, i) => tf.randomNormal([3, 2], 0, 1, 'float32', seed + i));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('addMany (AddN within WebGPU storage-buffer limits)', () => {
  it('issues no AddN kernel with more than MAX_ADDN_INPUTS inputs for up to 60 tensors', async () => {
    // Arrange
    for (const n of [8, 9, 15, 50, 60]) {
      const ts = tensors(n, n);
      // Act
      const kernels = await kernelsOf(() => addMany(ts));
      // Assert
      const widths = kernels.filter((k) => k.name === 'AddN').map((k) => k.inputShapes.length);
      expect(widths.length).toBeGreaterThan(0);
      expect(Math.max(...widths)).toBeLessThanOrEqual(MAX_ADDN_INPUTS);
      tf.dispose(ts);
    }
  });

  it('equals tf.addN (within float32 rounding) and is tf.addN itself up to MAX_ADDN_INPUTS inputs', () => {
    for (const n of [1, 2, 7, 8, 23]) {
      const ts = tensors(n, 100 + n);
      const [got, want] = [addMany(ts), tf.addN(ts)];
      const [a, b] = [got.dataSync(), want.dataSync()];
      a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThanOrEqual(n <= MAX_ADDN_INPUTS ? 0 : 1e-5));
      tf.dispose([...ts, got, want]);
    }
  });

  it('leaves no tensors behind and refuses an empty list', () => {
    const ts = tensors(20, 7);
    const before = tf.memory().numTensors;
    tf.dispose(addMany(ts));
    expect(tf.memory().numTensors).toBe(before);
    expect(() => addMany([])).toThrow(/at least one tensor/);
    tf.dispose(ts);
  });
});

describe("the gradient norm (sumOfSquares) on non-native backends", () => {
  it('issues no AddN of more than MAX_ADDN_INPUTS inputs for 30 gradients and sums all squares', async () => {
    // Arrange: 30 tensors of ones [3, 2]: sum of squares 180.
    const ts = Array.from({ length: 30 }, () => tf.ones([3, 2]));
    // Act
    const kernels = await kernelsOf(() => sumOfSquares(ts));
    const total = sumOfSquares(ts);
    // Assert
    expect(Math.max(...kernels.filter((k) => k.name === 'AddN').map((k) => k.inputShapes.length))).toBeLessThanOrEqual(MAX_ADDN_INPUTS);
    expect(total.dataSync()[0]).toBe(180);
    tf.dispose([...ts, total]);
  });
});

describe('the discretized logistic on WebGL/WebGPU ranks', () => {
  const spec = discretizedLogistic([2, 2, 3], 4);
  const raw = (): tf.Tensor => tf.randomNormal([2, 2, 2, 4 * (1 + 2 * 3)], 0, 1, 'float32', 3);
  const x = (): tf.Tensor => tf.tensor4d(Array.from({ length: 24 }, (_, i) => [0, 255, 1, 254, 128, 37][i % 6]), [2, 2, 2, 3]);

  it('issues no Select (tf.where) above rank MAX_SELECT_RANK in log p or its gradient', async () => {
    // Arrange
    const [r, xs] = [raw(), x()];
    // Act
    const kernels = await kernelsOf(() => tf.grad((w: tf.Tensor) => tf.sum(densityOf(spec, w).logProbElements(xs)))(r));
    // Assert
    const selects = kernels.filter((k) => k.name === 'Select');
    expect(selects.length).toBeGreaterThan(0);
    selects.forEach((k) => k.inputShapes.forEach((s) => expect(s.length).toBeLessThanOrEqual(MAX_SELECT_RANK)));
    tf.dispose([r, xs]);
  });

  it('gives finite log-probabilities that sum over bins to about 1 per pixel (edge bins included)', () => {
    // Arrange: every value 0..255 in one channel of a one-pixel, one-channel image.
    const one = discretizedLogistic([1, 1, 1], 2);
    const r = tf.tile(tf.tensor4d([0.3, -0.2, 0.1, -0.4, -1.5, -2], [1, 1, 1, 6]), [256, 1, 1, 1]);
    const pixels = tf.tensor4d(Array.from({ length: 256 }, (_, i) => i), [256, 1, 1, 1]);
    // Act
    const total = tf.tidy(() => tf.sum(tf.exp(densityOf(one, r).logProbElements(pixels))).dataSync()[0]);
    // Assert
    expect(total).toBeCloseTo(1, 4);
    tf.dispose([r, pixels]);
  });
});
