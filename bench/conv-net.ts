/**
 * The small convolutional classifier of the benchmark: batch 48 of 28x28x1,
 * conv 5x5x64 stride 2, two conv 3x3x64, ReLU after each, a dense head to 10
 * logits, softmax cross-entropy, Adamax. Data and weights are seeded.
 */
import * as tf from '@tensorflow/tfjs';
import { prng } from '../src/random/prng.js';

/** A training step (resolves to its loss) and the disposal of its state. */
export interface BenchModel {
  readonly step: () => Promise<number>;
  readonly dispose: () => void;
  /** Share of rows the step's masked products keep (the non-PAD share of a text batch; bench/flops.ts); absent = 1. */
  readonly keptRowShare?: number;
}

const seeded = (shape: number[], seed: number, scale: number): tf.Tensor => {
  const rng = prng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, () => scale * (2 * rng.next() - 1)), shape);
};

/** Builds the conv network on the current backend. */
export const convNet = (seed: number): BenchModel => {
  const batch = 48;
  const x = seeded([batch, 28, 28, 1], seed, 1);
  const labels = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 10), 'int32'), 10);
  const glorot = (shape: number[], fanIn: number, s: number): tf.Variable => {
    const init = seeded(shape, s, Math.sqrt(6 / fanIn));
    const v = tf.variable(init);
    init.dispose();
    return v;
  };
  const w1 = glorot([5, 5, 1, 64], 25, seed + 1);
  const w2 = glorot([3, 3, 64, 64], 576, seed + 2);
  const w3 = glorot([3, 3, 64, 64], 576, seed + 3);
  const wd = glorot([14 * 14 * 64, 10], 14 * 14 * 64, seed + 4);
  const b1 = tf.variable(tf.zeros([64]));
  const b2 = tf.variable(tf.zeros([64]));
  const b3 = tf.variable(tf.zeros([64]));
  const bd = tf.variable(tf.zeros([10]));
  const optimizer = tf.train.adamax(1e-3);
  const loss = (): tf.Scalar => {
    const h1 = tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, w1 as tf.Tensor4D, 2, 'same'), b1));
    const h2 = tf.relu(tf.add(tf.conv2d(h1 as tf.Tensor4D, w2 as tf.Tensor4D, 1, 'same'), b2));
    const h3 = tf.relu(tf.add(tf.conv2d(h2 as tf.Tensor4D, w3 as tf.Tensor4D, 1, 'same'), b3));
    const logits = tf.add(tf.matMul(tf.reshape(h3, [batch, -1]), wd), bd);
    return tf.losses.softmaxCrossEntropy(labels, logits);
  };
  return {
    step: async () => {
      const cost = optimizer.minimize(loss, true) as tf.Scalar;
      const value = (await cost.data())[0];
      cost.dispose();
      return value;
    },
    dispose: () => {
      optimizer.dispose();
      tf.dispose([x, labels, w1, w2, w3, wd, b1, b2, b3, bd]);
    },
  };
};
