/**
 * Test helper for the differential suite: the ELBO of a validated model for
 * fixed weights (initParams seed), data and noise seed on the active
 * backend, and synthetic data of a model's observed and label shapes.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { disposeParams, initParams, validate, type Model, type ModelSpec } from '../../src/dsl/index.js';
import { elboPerDatum } from '../../src/inference/objectives/elbo.js';
import { trace, type Batch } from '../../src/inference/trace.js';
import { prng } from '../../src/random/prng.js';

/**
 * The ELBO tolerance of the differential suite: |ELBO_b - ELBO_cpu| <=
 * 1e-4 max(1, |ELBO_cpu|). Float32 sums over hundreds of pixels and layers in
 * another order move an ELBO of ~500 nats by about 1e-4 nats (2e-7
 * relative); a wrong kernel moves it by nats.
 */
export const ELBO_TOLERANCE = 1e-4;

/** Whether `actual` is within {@link ELBO_TOLERANCE} of `expected`. */
export const elboAgrees = (expected: number, actual: number): boolean =>
  Math.abs(actual - expected) <= ELBO_TOLERANCE * Math.max(1, Math.abs(expected));

/** The validated model of `spec`; throws with the validation messages. */
export const validModel = (spec: ModelSpec): Model => {
  const m = validate(spec);
  if (E.isLeft(m)) throw new Error(m.left.map((e) => e.message).join('; '));
  return m.right;
};

/** Values of one data node for `rows` rows, from `seed`: 0/1 pixels, class ids, or BOS + tokens + PAD. */
const dataValues = (model: Model, name: string, rows: number, seed: number): tf.Tensor => {
  const info = model.nodes.get(name)!;
  const rng = prng(seed);
  const shape = [rows, ...info.shape];
  const size = shape.reduce((a, b) => a * b, 1);
  const dist = info.dist as { family: string; classes?: number };
  if (dist.family === 'categorical' && info.shape.length === 1) {
    const t = info.shape[0];
    const classes = dist.classes ?? 2;
    return tf.tensor(Array.from({ length: size }, (_, i) => (i % t === 0 ? 1 : i % t <= t / 2 ? 2 + Math.floor(rng.next() * (classes - 2)) : 0)), shape);
  }
  if (dist.family === 'categorical') return tf.tensor(Array.from({ length: size }, () => Math.floor(rng.next() * (dist.classes ?? 2))), shape);
  return tf.tensor(Array.from({ length: size }, () => (rng.next() < 0.5 ? 0 : 1)), shape);
};

/** A batch of `rows` synthetic rows for every observed and label node; the caller disposes it. */
export const syntheticBatch = (model: Model, rows: number, seed: number): Batch =>
  Object.fromEntries([...model.observed, ...model.labels].map((name, i) => [name, dataValues(model, name, rows, seed + i)]));

/**
 * The ELBO (K = 1) per datum on the active backend for weights from
 * initParams(model, 1), the batch `makeBatch` builds there, and noise seed 3.
 * Leaves no tensor behind.
 */
export const elboValues = (model: Model, makeBatch: () => Batch): number[] => {
  const params = initParams(model, 1);
  const batch = makeBatch();
  try {
    return tf.tidy(() => {
      return Array.from(elboPerDatum(trace(model, params, batch, { k: 1, seed: 3 })).dataSync());
    });
  } finally {
    disposeParams(params);
    tf.dispose(Object.values(batch));
  }
};
