import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { lstmSequence } from '../../src/ops/lstm.js';

/** The unfused cell as the LSTM decoder wrote it before: four gate products per step, state from zeros. */
const unfused = (xs: tf.Tensor3D, wh: tf.Tensor2D): tf.Tensor => {
  const [steps, rows, gates] = xs.shape;
  const units = gates / 4;
  const [wi, wf, wo, wg] = tf.split(wh, 4, 1);
  const [xi, xf, xo, xg] = tf.split(xs, 4, 2);
  let h: tf.Tensor2D = tf.zeros([rows, units]);
  let c: tf.Tensor = tf.zeros([rows, units]);
  const hs: tf.Tensor[] = [];
  const at = (x: tf.Tensor, t: number): tf.Tensor => tf.squeeze(tf.slice(x, [t, 0, 0], [1, rows, units]), [0]);
  for (let t = 0; t < steps; t++) {
    const i = tf.sigmoid(tf.add(at(xi, t), tf.matMul(h, wi)));
    const f = tf.sigmoid(tf.add(at(xf, t), tf.matMul(h, wf)));
    const o = tf.sigmoid(tf.add(at(xo, t), tf.matMul(h, wo)));
    const g = tf.tanh(tf.add(at(xg, t), tf.matMul(h, wg)));
    c = tf.add(tf.mul(f, c), tf.mul(i, g));
    h = tf.mul(o, tf.tanh(c)) as tf.Tensor2D;
    hs.push(h);
  }
  return tf.stack(hs);
};

/** Largest |a - b| / max(1e-2, |b|) over all entries. */
const relative = (a: tf.Tensor, b: tf.Tensor): number =>
  tf.tidy(() => tf.max(tf.div(tf.abs(tf.sub(a, b)), tf.maximum(1e-2, tf.abs(b)))).dataSync()[0]);

describe('lstmSequence (portable fallback, cpu)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('property: equals the unfused per-gate cell to 1e-4 relative, hidden states and gradients for xs and wh, leaking nothing', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 6 }), fc.nat(10_000),
      (steps, rows, units, seed) => {
        const before = tf.memory().numTensors;
        const errors = tf.tidy(() => {
          const xs = tf.randomNormal([steps, rows, 4 * units], 0, 1, 'float32', seed) as tf.Tensor3D;
          const wh = tf.randomNormal([units, 4 * units], 0, 0.5, 'float32', seed + 1) as tf.Tensor2D;
          const weights = tf.randomNormal([steps, rows, units], 0, 1, 'float32', seed + 2);
          const loss = (f: (x: tf.Tensor3D, w: tf.Tensor2D) => tf.Tensor) => (x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(f(x as tf.Tensor3D, w as tf.Tensor2D), weights));
          const [ox, ow] = tf.grads(loss(lstmSequence))([xs, wh]);
          const [ux, uw] = tf.grads(loss(unfused))([xs, wh]);
          return [relative(lstmSequence(xs, wh), unfused(xs, wh)), relative(ox, ux), relative(ow, uw)];
        });
        expect(tf.memory().numTensors).toBe(before);
        return errors.every((e) => e < 1e-4);
      }), { numRuns: 30 });
  });

  it('starts from a zero state: the first hidden state is o tanh(i g) of the first step alone', () => {
    const [h, expected] = tf.tidy(() => {
      const xs = tf.tensor3d([[[0.5, -1, 2, 0.3]]]);
      const wh = tf.fill([1, 4], 100) as tf.Tensor2D;
      const s = (v: number): number => 1 / (1 + Math.exp(-v));
      return [lstmSequence(xs, wh).dataSync()[0], s(2) * Math.tanh(s(0.5) * Math.tanh(0.3))];
    });

    expect(h).toBeCloseTo(expected, 6);
  });

  it('gives the same hidden states and gradients on wasm as on cpu (to 1e-5)', async () => {
    const run = (): Float32Array[] => tf.tidy(() => {
      const xs = tf.tensor3d(Array.from({ length: 5 * 3 * 8 }, (_, i) => Math.sin(i)), [5, 3, 8]);
      const wh = tf.tensor2d(Array.from({ length: 2 * 8 }, (_, i) => Math.cos(i) / 2), [2, 8]);
      const [gx, gw] = tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.square(lstmSequence(x, w))))([xs, wh]);
      return [lstmSequence(xs, wh), gx, gw].map((t) => t.dataSync() as Float32Array);
    });
    const onCpu = run();
    await tf.setBackend('wasm');
    const onWasm = run();
    await tf.setBackend('cpu');

    onCpu.forEach((values, i) => values.forEach((v, j) => expect(Math.abs(onWasm[i][j] - v)).toBeLessThan(1e-5)));
  });

  it('rejects xs whose gates are not 4H for wh [H, 4H], naming both shapes', () => {
    expect(() => lstmSequence(tf.zeros([2, 3, 8]), tf.zeros([3, 12]))).toThrow('xs [2,3,8] and wh [3,12]');
  });
});
