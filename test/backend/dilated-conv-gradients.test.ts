/**
 * dilated-conv-gradients.ts: spreading a filter puts its taps d apart with
 * zeros between, gathering the taps inverts it, and the dilated conv2d
 * gradient on cpu agrees with a finite-difference-free reference: the
 * gradient of the same convolution written with the spread filter.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import {
  gatherTaps,
  registerDilatedConvGradients,
  spreadFilter,
  spreadShape,
} from '../../src/backend/dilated-conv-gradients.js';
import { relativeError, seededValues } from './kernels/wasm-vs-cpu.js';

describe('dilated conv gradients', () => {
  beforeAll(async () => {
    tf.env().set('IS_TEST', true);
    await tf.setBackend('cpu');
    registerDilatedConvGradients();
  });

  it('gatherTaps inverts spreadFilter, and spreading adds only zeros', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.nat(),
        (shape, dh, dw, seed) => {
          const [w, spread, back] = tf.tidy(() => {
            const w4 = tf.tensor4d(seededValues(shape.reduce((a, b) => a * b, 1), seed), shape);
            const s = spreadFilter(w4, dh, dw);
            return [w4, s, gatherTaps(s, dh, dw)];
          });
          expect(spread.shape).toEqual(spreadShape(shape, dh, dw));
          expect(Array.from(back.dataSync())).toEqual(Array.from(w.dataSync()));
          const [spreadMass, mass] = tf.tidy(() => [tf.sum(tf.abs(spread)).dataSync()[0], tf.sum(tf.abs(w)).dataSync()[0]]);
          expect(spreadMass).toBeCloseTo(mass, 4);
          tf.dispose([w, spread, back]);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('the gradient of a dilated conv2d equals that of the conv2d with the spread filter', () => {
    // Arrange
    const x = tf.tensor4d(seededValues(2 * 9 * 8 * 3, 1), [2, 9, 8, 3]);
    const w = tf.tensor4d(seededValues(3 * 2 * 3 * 4, 2), [3, 2, 3, 4]);
    const before = tf.memory().numTensors;
    // Act
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same', 'NHWC', [2, 3]))),
    )([x, w]);
    const [rx, rwSpread] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, spreadFilter(b as tf.Tensor4D, 2, 3), 1, 'same'))),
    )([x, w]);
    // Assert
    expect(relativeError(rx.dataSync() as Float32Array, dx.dataSync() as Float32Array)).toBeLessThan(1e-5);
    expect(relativeError(rwSpread.dataSync() as Float32Array, dw.dataSync() as Float32Array)).toBeLessThan(1e-5);
    tf.dispose([dx, dw, rx, rwSpread]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w]);
  });
});
