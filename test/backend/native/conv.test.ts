import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { loadAddon } from '../../../src/backend/native/addon.js';
import { compareWithCpu, floats, skipReason } from './reference.js';

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];

/** A random NHWC convolution; `dilated` allows dilations (then strides are 1). */
const convolution = (dilated: boolean) => fc.record({
  batch: fc.integer({ min: 1, max: 2 }),
  inC: fc.integer({ min: 1, max: 4 }),
  outC: fc.integer({ min: 1, max: 4 }),
  fh: fc.integer({ min: 1, max: 4 }),
  fw: fc.integer({ min: 1, max: 4 }),
  extraH: fc.integer({ min: 0, max: 5 }),
  extraW: fc.integer({ min: 0, max: 5 }),
  strides: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
  dilations: dilated
    ? fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 }))
    : fc.constant<[number, number]>([1, 1]),
  pad: fc.oneof(
    fc.constantFrom<Pad>('same', 'valid'),
    fc.tuple(fc.nat(2), fc.nat(2), fc.nat(2), fc.nat(2))
      .map(([t, b, l, r]): Pad => [[0, 0], [t, b], [l, r], [0, 0]])),
  activation: fc.constantFrom('linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'),
}).chain((c) => {
  const strides: [number, number] = c.dilations.some((d) => d > 1) ? [1, 1] : c.strides;
  const inH = (c.fh - 1) * c.dilations[0] + 1 + c.extraH;
  const inW = (c.fw - 1) * c.dilations[1] + 1 + c.extraW;
  const xShape: [number, number, number, number] = [c.batch, inH, inW, c.inC];
  const wShape: [number, number, number, number] = [c.fh, c.fw, c.inC, c.outC];
  const { outShape } = tf.backend_util.computeConv2DInfo(xShape, wShape, strides, c.dilations,
    c.pad);
  return fc.record({
    c: fc.constant({ ...c, strides, xShape, wShape }),
    x: floats(xShape.reduce((a, b) => a * b)),
    w: floats(wShape.reduce((a, b) => a * b)),
    dy: floats(outShape.reduce((a, b) => a * b)),
    dyShape: fc.constant(outShape),
    bias: floats(c.outC),
    prelu: floats(c.outC),
  });
});

describe.skipIf(skipReason !== '')(`native convolution kernels${skipReason}`, () => {
  it('Conv2D matches the cpu backend for strides, dilations and paddings', async () => {
    await fc.assert(fc.asyncProperty(convolution(true), async ({ c, x, w }) => {
      const { error, leaked } = await compareWithCpu(() => tf.conv2d(
        tf.tensor4d(x, c.xShape), tf.tensor4d(w, c.wShape), c.strides, c.pad, 'NHWC',
        c.dilations));
      expect(error).toBeLessThan(1e-4);
      expect(leaked).toBe(0);
    }), { numRuns: 60 });
  });

  it('Conv2DBackpropInput and Conv2DBackpropFilter match the cpu backend', async () => {
    await fc.assert(fc.asyncProperty(convolution(false), async ({ c, x, w, dy, dyShape }) => {
      const grads = tf.grads((xs: tf.Tensor, ws: tf.Tensor) =>
        tf.conv2d(xs as tf.Tensor4D, ws as tf.Tensor4D, c.strides, c.pad));
      const { error, leaked } = await compareWithCpu(() => grads(
        [tf.tensor4d(x, c.xShape), tf.tensor4d(w, c.wShape)], tf.tensor(dy, dyShape)));
      expect(error).toBeLessThan(1e-4);
      expect(leaked).toBe(0);
    }), { numRuns: 60 });
  });

  it('FusedConv2D matches the cpu backend for bias and every activation', async () => {
    await fc.assert(fc.asyncProperty(convolution(true), async ({ c, x, w, bias, prelu }) => {
      const { error, leaked } = await compareWithCpu(() => tf.fused.conv2d({
        x: tf.tensor4d(x, c.xShape), filter: tf.tensor4d(w, c.wShape), strides: c.strides,
        pad: c.pad, dilations: c.dilations, bias: tf.tensor1d(bias),
        activation: c.activation as tf.fused.Activation, preluActivationWeights: tf.tensor1d(prelu),
        leakyreluAlpha: 0.2,
      }));
      expect(error).toBeLessThan(1e-4);
      expect(leaked).toBe(0);
    }), { numRuns: 40 });
  });

  it('agrees with cpu on blocks of whole images run in parallel, with a partial last block, and gives the same bits on one thread', async () => {
    // 14 x 14 outputs and a 3 x 3 x 64 filter: 2 images a block, so a batch
    // of 9 gives 5 blocks over 2 threads, the last holding one image (with 3
    // blocks, a per-thread sum would add in the serial order by chance).
    const [xShape, wShape] = [[9, 14, 14, 64], [3, 3, 64, 8]] as const;
    const [x, w] = [xShape, wShape].map((shape) =>
      fc.sample(floats(shape.reduce((a, b) => a * b, 1)), { numRuns: 1, seed: 7 })[0]);
    const grads = tf.grads((xs: tf.Tensor, ws: tf.Tensor) =>
      tf.square(tf.conv2d(xs as tf.Tensor4D, ws as tf.Tensor4D, 1, 'same')));
    const run = (): tf.Tensor[] => {
      const [xs, ws] = [tf.tensor4d(x, [...xShape]), tf.tensor4d(w, [...wShape])];
      return [tf.conv2d(xs, ws, 1, 'same'), ...grads([xs, ws])];
    };

    const { error, leaked } = await compareWithCpu(run);
    await tf.setBackend('wasm');
    const [again, first] = tf.tidy(() => [run(), run()].map((ts) => ts.map((t) => Array.from(t.dataSync()))));
    const addon = loadAddon();
    if (E.isLeft(addon)) throw new Error(addon.left);
    const threads = addon.right.info().threads;
    addon.right.setThreads(1);
    const serial = tf.tidy(() => run().map((t) => Array.from(t.dataSync())));
    addon.right.setThreads(threads);

    expect(error).toBeLessThan(1e-4);
    expect(leaked).toBe(0);
    expect(again).toEqual(first);
    expect(serial).toEqual(first);
  });
});
