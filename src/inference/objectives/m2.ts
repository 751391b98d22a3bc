import * as tf from '@tensorflow/tfjs';
import type { Model } from '../../dsl/model.js';
import type { Batch, Trace } from '../trace.js';
import { elboPerDatum, type KlMode } from './elbo.js';
import { expectUnder } from '../log-space.js';

/**
 * How a mixed batch was expanded for M2: the first `labelled` rows keep
 * their label; then, for each class c, one copy of the `unlabelled` rows with
 * y = c (class-major).
 */
export interface LabelLayout {
  readonly label: string;
  readonly classes: number;
  readonly labelled: number;
  readonly unlabelled: number;
}

/** Kingma et al.'s default weight beta of the classification term (alpha = 0.1 N). */
export const DEFAULT_BETA = 0.1;

/**
 * alpha = beta (N_l + N_u) / N_l (Maaløe et al. 2016; BIVA appendix B), e.g.
 * 0.1 * 50000 / 100 = 50 for MNIST with 100 labels. Throws unless
 * 0 < labelled <= examples and beta >= 0.
 */
export const defaultAlpha = (examples: number, labelled: number, beta = DEFAULT_BETA): number => {
  if (!(labelled > 0 && labelled <= examples) || !(beta >= 0)) {
    throw new RangeError(`m2: alpha needs 0 < labelled <= examples and beta >= 0, got labelled ${labelled}, examples ${examples}, beta ${beta}`);
  }
  return (beta * examples) / labelled;
};

/**
 * Expands a batch for the M2 objective (Kingma et al. 2014; BIVA appendix B):
 * rows whose mask is true keep their label; the others are repeated once per
 * class with that class as the label. `y` holds the labels [B] (any value on
 * unlabelled rows). Call inside tf.tidy.
 */
export const enumerateLabels = (
  model: Model,
  batch: Batch,
  y: tf.Tensor1D,
  labelled: readonly boolean[],
): { batch: Batch; layout: LabelLayout } => {
  if (model.labels.length !== 1) throw new Error(`m2: the model must declare exactly one label node, it has ${model.labels.length}`);
  const label = model.labels[0];
  const dist = model.nodes.get(label)!.dist!;
  if (dist.family !== 'categorical') throw new Error(`m2: label '${label}' must be Categorical`);
  const classes = dist.classes;
  const li = labelled.flatMap((l, i) => (l ? [i] : []));
  const ui = labelled.flatMap((l, i) => (l ? [] : [i]));
  const rows = tf.tensor1d([...li, ...Array.from({ length: classes }, () => ui).flat()], 'int32');
  const values: Record<string, tf.Tensor> = {};
  for (const [name, t] of Object.entries(batch)) if (name !== label) values[name] = tf.gather(t, rows);
  const enumerated = Array.from({ length: classes }, (_, c) => ui.map(() => c)).flat();
  values[label] = tf.concat([tf.gather(tf.cast(y, 'float32'), tf.tensor1d(li, 'int32')), tf.tensor1d(enumerated, 'float32')]);
  return { batch: values, layout: { label, classes, labelled: li.length, unlabelled: ui.length } };
};

/**
 * The M2 objective per original datum [labelled + unlabelled], from the trace
 * of an enumerated batch (Kingma et al. 2014, eq. 9; BIVA appendix B, eqs.
 * 16-19):
 * labelled:   ELBO(x, y) + alpha log q(y | x)   (-F-bar of eq. 17);
 * unlabelled: sum_y q(y | x) ELBO(x, y) + H(q(y | x))   (-U of eq. 18).
 * ELBO(x, y) includes log p(y). Maximize the mean over the rows: eq. 19
 * (J = sum_l F-bar + sum_u U) over the batch, divided by its size.
 *
 * `alpha` weighs the classification term (a categorical cross-entropy on
 * the labelled rows), defined as in Maaløe et al. 2016 (which the BIVA paper
 * follows): alpha = beta (N_l + N_u) / N_l, with N_l labelled and N_u
 * unlabelled training examples; beta = 0.1 is Kingma et al.'s alpha = 0.1 N
 * per labelled-data expectation (`defaultAlpha`). It is a weight per
 * labelled row, so it assumes batches with a fixed share of labelled rows
 * (the batcher's `labelled` option): with 100 labels drawn at their natural
 * frequency a batch of 48 holds 0.08 labelled rows and q(y | x) is never
 * trained (92% test error; see test/inference/objectives/m2.test.ts).
 */
export const m2 =
  (alpha: number, layout: LabelLayout, options: { kl?: KlMode } = {}) =>
  (trace: Trace): tf.Tensor1D => {
    const bound = elboPerDatum(trace, options);
    const term = trace.terms.find((t) => t.name === layout.label);
    if (term?.logq === undefined) throw new Error(`m2: the trace has no log q for label '${layout.label}'`);
    const logq = tf.mean(term.logq, 0);
    const l = layout.labelled;
    const u = layout.unlabelled;
    const labelledPart = tf.add(tf.slice(bound, 0, l), tf.mul(tf.slice(logq, 0, l), alpha));
    if (u === 0) return labelledPart as tf.Tensor1D;
    const logqU = tf.slice(logq, l, u * layout.classes).reshape([layout.classes, u]);
    const boundU = tf.slice(bound, l, u * layout.classes).reshape([layout.classes, u]);
    const probs = tf.exp(logqU);
    const unlabelledPart = tf.sub(expectUnder(probs, boundU, 0), expectUnder(probs, logqU, 0));
    return tf.concat([labelledPart, unlabelledPart]) as tf.Tensor1D;
  };
