/**
 * The text models' PAD skip (issue 18) changes no result: the ELBO of
 * biva-lstm, lstm-lm and sentence-vae and its gradients for every
 * parameter equal those of the path before it (the decoder's output layer
 * over every row, the cross-entropy of every row, then PAD elements set to
 * 0), on cpu and on the native backend. The old path is put back by
 * mocking the two ops the skip goes through.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { disposeParams, initParams } from '../../src/dsl/index.js';
import { elboPerDatum } from '../../src/inference/objectives/elbo.js';
import { trace } from '../../src/inference/trace.js';
import { StrataMaskedAffine, StrataMaskedAffineGrad } from '../../src/ops/kernel-names.js';
import { skipReason } from '../backend/native/reference.js';
import { tokenBatch, TOKENS, zooModel } from './zoo.js';

/** Whether the mocked ops take the path before the skip. */
const path = vi.hoisted(() => ({ old: false }));

vi.mock('../../src/ops/masked-affine.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/ops/masked-affine.js')>();
  const { affine } = await import('../../src/ops/affine.js');
  return {
    ...real,
    maskedAffine: (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, mask: tf.Tensor) =>
      (path.old ? affine(x, w, b, 'linear') : real.maskedAffine(x, w, b, mask)),
  };
});

vi.mock('../../src/ops/softmax-cross-entropy.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/ops/softmax-cross-entropy.js')>();
  return {
    ...real,
    logSoftmaxAt: (logits: tf.Tensor, targets: tf.Tensor, options: { padId?: number } = {}) => {
      if (!path.old || options.padId === undefined) return real.logSoftmaxAt(logits, targets, options);
      const scored = real.logSoftmaxAt(logits, targets);
      return tf.where(tf.equal(targets, options.padId), tf.zerosLike(scored), scored);
    },
  };
});

/** The ELBO per sentence and the gradient of its mean for every parameter (name order), on the path chosen. */
const elboAndGradients = (name: string, old: boolean): { elbo: number[]; gradients: Map<string, Float32Array> } => {
  path.old = old;
  const model = zooModel(name, 'tiny', TOKENS);
  const params = initParams(model, 3);
  // Away from the initialization (zero biases, unit gains), so that every parameter shows in the results.
  [...params.values()].forEach((v, i) => {
    const moved = tf.tidy(() => tf.add(v, tf.randomNormal(v.shape, 0, 0.05, 'float32', 100 + i)));
    v.assign(moved);
    moved.dispose();
  });
  const x = tokenBatch(6);
  try {
    const run = () => trace(model, params, { x }, { k: 1, seed: 5, training: false });
    const elbo = tf.tidy(() => Array.from(elboPerDatum(run()).dataSync()));
    const { value, grads } = tf.variableGrads(() => tf.neg(tf.mean(elboPerDatum(run()))) as tf.Scalar, [...params.values()]);
    const gradients = new Map([...params].map(([key, v]) => [key, grads[v.name].dataSync() as Float32Array]));
    tf.dispose([value, ...Object.values(grads)]);
    return { elbo, gradients };
  } finally {
    x.dispose();
    disposeParams(params);
    path.old = false;
  }
};

const backends = ['cpu', ...(skipReason === '' ? ['wasm'] : [])];

describe('the PAD skip changes no result (issue 18)', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(backends.flatMap((b) => ['biva-lstm', 'lstm-lm', 'sentence-vae'].map((m) => [m, b])))('%s on %s (wasm: native kernels): the ELBO and every gradient equal the path before it, leaking nothing', async (name, backend) => {
    // Arrange
    await tf.setBackend(backend);
    const before = tf.memory().numTensors;
    // Act
    const old = elboAndGradients(name, true);
    const now = elboAndGradients(name, false);
    // Assert
    expect(tf.memory().numTensors).toBe(before);
    now.elbo.forEach((v, i) => expect(Math.abs(v - old.elbo[i])).toBeLessThan(1e-4 * Math.max(1, Math.abs(old.elbo[i]))));
    expect([...now.gradients.keys()]).toEqual([...old.gradients.keys()]);
    const scale = Math.max(1e-3, ...[...old.gradients.values()].flatMap((g) => Array.from(g, Math.abs)));
    for (const [key, g] of now.gradients) {
      const o = old.gradients.get(key)!;
      const worst = g.reduce((m, v, i) => Math.max(m, Math.abs(v - o[i])), 0);
      expect(worst / scale, key).toBeLessThan(1e-4);
    }
    const decoderOut = [...now.gradients.keys()].find((k) => k.endsWith('/out/w'));
    expect(decoderOut, 'the model has an LSTM decoder').toBeDefined();
  });

  it.skipIf(skipReason !== '')('biva-lstm on native runs its decoder\'s output layer as the masked kernel, forward and backward', async () => {
    // Arrange
    await tf.setBackend('wasm');
    const model = zooModel('biva-lstm', 'tiny', TOKENS);
    const params = initParams(model, 3);
    const x = tokenBatch(6);
    // Act
    const kernels = (await tf.profile(() => tf.tidy(() => {
      tf.variableGrads(() => tf.neg(tf.mean(elboPerDatum(trace(model, params, { x }, { k: 1, seed: 5 })))) as tf.Scalar, [...params.values()]);
    }))).kernels.map((k) => k.name);
    x.dispose();
    disposeParams(params);
    // Assert
    expect(kernels.filter((k) => k === StrataMaskedAffine)).toHaveLength(1);
    expect(kernels.filter((k) => k === StrataMaskedAffineGrad)).toHaveLength(1);
  });
});
