/**
 * Classification with a model's label node (M2, Kingma et al. 2014; BIVA
 * appendix B): the class posterior q(y | x) evaluated on the q-world
 * ancestors of the label's q-conditional, the predicted class
 * argmax_y q(y | x), and the error rate over labelled examples. Pure: no
 * effects; tensors stay inside tf.tidy.
 */
import * as tf from '@tensorflow/tfjs';
import type { Model } from '../dsl/model.js';
import { lookup, type ParamStore } from '../dsl/params.js';
import { conditionalDensity, deterministicValue, type Batch } from './trace.js';
import { readKept } from './read.js';
import { seedOf, type EvalContext, type WorldValue } from './world.js';

/** The single Categorical label node of `model`; throws a one-line error naming what is missing. */
export const labelNode = (model: Model): { readonly name: string; readonly classes: number } => {
  if (model.labels.length !== 1) throw new Error(`classify: the model must declare exactly one label node, it has ${model.labels.length}`);
  const name = model.labels[0];
  const dist = model.nodes.get(name)?.dist;
  if (dist?.family !== 'categorical') throw new Error(`classify: label '${name}' must be Categorical`);
  return { name, classes: dist.classes };
};

/**
 * log q(y | x) [B, classes] for the data `batch` (observed nodes only; a
 * label value, if present, is ignored). Latents among the classifier's
 * q-ancestors (none in BIVA-M2) are sampled once from q with `seed`. Dropout
 * is off. Call inside tf.tidy.
 */
export const labelLogPosterior = (model: Model, params: ParamStore, batch: Batch, seed = 0): tf.Tensor2D => {
  const { name, classes } = labelNode(model);
  const first = batch[model.observed[0]];
  if (first === undefined) throw new Error(`classify: the batch has no value for observed node '${model.observed[0]}'`);
  const ctx: EvalContext = {
    model,
    get: lookup(params),
    k: 1,
    b: first.shape[0],
    seed,
    training: false,
    index: new Map([...model.nodes.keys()].map((n, i) => [n, i])),
  };
  const values = new Map<string, WorldValue>();
  const value = (node: string): WorldValue => {
    const cached = values.get(node);
    if (cached !== undefined) return cached;
    const role = model.nodes.get(node)?.role;
    let v: WorldValue;
    if (role === 'observed') {
      const t = batch[node];
      if (t === undefined) throw new Error(`classify: the batch has no value for observed node '${node}'`);
      v = { t, expanded: false };
    } else if (role === 'deterministic') v = deterministicValue(ctx, node, value);
    else if (role === 'latent') v = { t: conditionalDensity(ctx, node, model.q.get(node)!, value, 2).sample(seedOf(ctx, node, 0)), expanded: true };
    else throw new Error(`classify: q('${name}') depends on label '${node}'`);
    values.set(node, v);
    return v;
  };
  const density = conditionalDensity(ctx, name, model.q.get(name)!, value, 2);
  if (density.categorical === undefined) throw new Error(`classify: q('${name}') is not Categorical`);
  return density.categorical.logProbs.reshape([ctx.b, classes]) as tf.Tensor2D;
};

/** The predicted classes argmax_y q(y | x) [B] (int32, ties to the lowest class). Call inside tf.tidy. */
export const predictLabels = (model: Model, params: ParamStore, batch: Batch, seed = 0): tf.Tensor1D =>
  tf.argMax(labelLogPosterior(model, params, batch, seed), 1) as tf.Tensor1D;

/** Counts of one classification pass: `wrong` of `examples`; `rate` = wrong / examples (NaN for none). */
export interface ClassificationError {
  readonly examples: number;
  readonly wrong: number;
  readonly rate: number;
}

/** The error of `predicted` against `truth` (equal lengths, class indices); throws on a length mismatch. */
export const errorRate = (predicted: ArrayLike<number>, truth: ArrayLike<number>): ClassificationError => {
  if (predicted.length !== truth.length) throw new Error(`classify: ${predicted.length} predictions for ${truth.length} labels`);
  let wrong = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] !== truth[i]) wrong += 1;
  return { examples: predicted.length, wrong, rate: predicted.length === 0 ? Number.NaN : wrong / predicted.length };
};

/** Per-example predictions and probabilities of one pass, and its error. */
export interface Classification extends ClassificationError {
  readonly predicted: Int32Array;
  readonly truth: Int32Array;
  /** max_y q(y | x) per example. */
  readonly confidence: Float32Array;
}

/**
 * Classifies every batch (model batches holding the observed node and the
 * true label under the label node's name, e.g. from `modelBatches`) and
 * returns the predictions and the error rate. Reads asynchronously (every
 * backend, WebGPU included); leaves no tensors behind.
 */
export const classifyBatches = async (model: Model, params: ParamStore, batches: Iterable<Batch>, seed = 0): Promise<Classification> => {
  const { name } = labelNode(model);
  const predicted: number[] = [];
  const truth: number[] = [];
  const confidence: number[] = [];
  for (const batch of batches) {
    const label = batch[name];
    if (label === undefined) throw new Error(`classify: the batch has no true value for label '${name}'`);
    let reads: Promise<Float32Array>[] = [];
    tf.tidy(() => {
      const logq = labelLogPosterior(model, params, batch, seed);
      reads = [readKept(tf.argMax(logq, 1)), readKept(tf.exp(tf.max(logq, 1))), readKept(tf.cast(label, 'int32'))];
    });
    const [p, c, y] = await Promise.all(reads);
    predicted.push(...p);
    confidence.push(...c);
    truth.push(...y);
  }
  return { ...errorRate(predicted, truth), predicted: Int32Array.from(predicted), truth: Int32Array.from(truth), confidence: Float32Array.from(confidence) };
};
