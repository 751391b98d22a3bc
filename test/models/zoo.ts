import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { datasetBatcher, loadDataset } from '../../src/datasets/index.js';
import { disposeParams, initParams, validate, type Model } from '../../src/dsl/index.js';
import { elbo } from '../../src/inference/objectives/elbo.js';
import { trace, type Batch, type Trace } from '../../src/inference/trace.js';
import { buildZooModel, type DataShape } from '../../src/models/index.js';

/** 28x28x1 binary images with 10 classes (binarized MNIST). */
export const IMAGES: DataShape = { shape: [28, 28, 1], likelihood: 'bernoulli', classes: 10 };

/** Token sequences of length 12 over a vocabulary of 60 (PAD = 0, BOS = 1 (the decoder's first input, never data), EOS = 2, UNK = 3). */
export const TOKENS: DataShape = { shape: [12], likelihood: 'categorical-tokens', vocabulary: 60 };

/** The Brown corpus as `strata datasets` loads it: 41 positions (40 words and EOS), 20,004 ids. */
export const BROWN: DataShape = { shape: [41], likelihood: 'categorical-tokens', vocabulary: 20004 };

/** The validated zoo model `name` for `preset` and `data`; throws with the build or validation messages. */
export const zooModel = (name: string, preset: string, data: DataShape): Model => {
  const spec = buildZooModel(name, preset, data);
  if (E.isLeft(spec)) throw new Error(`${name}/${preset}: ${spec.left}`);
  const m = validate(spec.right);
  if (E.isLeft(m)) throw new Error(`${name}/${preset}: ${m.left.map((e) => e.message).join('; ')}`);
  return m.right;
};

/** The first `b` dynamically binarized MNIST training images [b, 784] and their labels [b] (seeded); the caller disposes them. */
export const mnistBatch = (b: number): { x: tf.Tensor; y: tf.Tensor1D } => {
  const dataset = loadDataset('mnist-dyn');
  if (E.isLeft(dataset)) throw new Error(dataset.left.message);
  const batch = datasetBatcher(dataset.right, 'train', { batchSize: b, seed: 7 }).batchAt(0, 0);
  if (batch.y === undefined) throw new Error('mnist-dyn: the batch has no labels');
  return { x: batch.x, y: batch.y };
};

/**
 * `b` sentences of TOKENS' shape laid out like the data's rows: 4 to 10
 * word ids in 3..59 (UNK included), EOS, then PAD; no BOS (the LSTM feeds
 * it). From a fixed seed, float32 as the Categorical density reads them.
 */
export const tokenBatch = (b: number, seed = 11): tf.Tensor2D => {
  const t = TOKENS.shape[0];
  let s = seed;
  const next = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const rows = Array.from({ length: b }, () => {
    const words = 4 + Math.floor(next() * 7);
    return Array.from({ length: t }, (_, i) => (i < words ? 3 + Math.floor(next() * 57) : i === words ? 2 : 0));
  });
  return tf.tensor2d(rows, [b, t], 'float32');
};

/** The losses of `steps` Adamax(2e-3) steps and tf.memory().numTensors after the first and after the last step. */
export interface Training {
  readonly losses: number[];
  readonly tensorsAfterFirst: number;
  readonly tensorsAfterLast: number;
}

/** The negated ELBO of a trace (K = 1): the default loss. */
export const negElbo = (t: Trace): tf.Scalar => tf.neg(elbo(t));

/**
 * Runs `steps` Adamax(2e-3) steps of `loss` on one fixed batch from fresh
 * parameters (seed 1), a new noise seed per step; disposes the optimizer and
 * the parameters.
 */
export const train = (model: Model, batch: Batch, steps: number, loss: (t: Trace) => tf.Scalar = negElbo): Training => {
  const params = initParams(model, 1);
  const optimizer = tf.train.adamax(2e-3);
  const losses: number[] = [];
  let tensorsAfterFirst = 0;
  for (let step = 1; step <= steps; step++) {
    const value = optimizer.minimize(() => loss(trace(model, params, batch, { seed: step, training: true })), true, [...params.values()]);
    losses.push(value!.dataSync()[0]);
    value!.dispose();
    if (step === 1) tensorsAfterFirst = tf.memory().numTensors;
  }
  const tensorsAfterLast = tf.memory().numTensors;
  optimizer.dispose();
  disposeParams(params);
  return { losses, tensorsAfterFirst, tensorsAfterLast };
};

/** {@link train} of zoo model `name` (tiny preset) on 8 fixed TOKENS sentences for 10 steps; disposes the batch. */
export const trainOnTokens = (name: string): Training => {
  const x = tokenBatch(8);
  try {
    return train(zooModel(name, 'tiny', TOKENS), { x }, 10);
  } finally {
    x.dispose();
  }
};

/** Mean of the losses of steps `from`..`to` (1-based, inclusive). */
export const meanOfSteps = (losses: readonly number[], from: number, to: number): number =>
  losses.slice(from - 1, to).reduce((a, v) => a + v, 0) / (to - from + 1);

/** The parents of `node`'s conditional in world `world` ([] for a fixed prior). */
export const parentsOf = (model: Model, world: 'p' | 'q', node: string): readonly string[] => {
  const c = model[world].get(node);
  if (c === undefined) throw new Error(`no ${world}-conditional for '${node}'`);
  return c.kind === 'net' ? c.parents : [];
};

/**
 * Every node `names` read in world `world`, transitively: a deterministic
 * node through its parents, a latent or label through its `world`-conditional.
 */
export const ancestry = (model: Model, world: 'p' | 'q', names: readonly string[]): Set<string> => {
  const out = new Set<string>();
  const visit = (name: string): void => {
    if (out.has(name)) return;
    out.add(name);
    const d = model.deterministic.get(name);
    const parents = d !== undefined ? d.parents : model[world].has(name) ? parentsOf(model, world, name) : [];
    parents.forEach(visit);
  };
  names.forEach(visit);
  return out;
};
