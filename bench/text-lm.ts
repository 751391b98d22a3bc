/**
 * The LSTM language model of bench/pytorch-text.py (`--model lm`) written
 * with strata's ops, as the DSL's LSTM decoder runs them (the DSL has no
 * latent-free model): embeddingLookup of [BOS, x_0 .. x_39], one input
 * product for all steps, lstmSequence, the output layer over the 20,004
 * words on the non-PAD rows only (maskedAffine, as the DSL's decoder) and
 * logSoftmaxAt with padId 0 (PAD rows score 0); loss the summed
 * cross-entropy, mean over the batch; Adamax(2e-3) as strata's trainer
 * steps it (bench/dsl-trainer.ts's adamSteps). Glorot weights,
 * zero biases, seeded.
 */
import * as tf from '@tensorflow/tfjs';
import { embeddingLookup } from '../src/ops/embedding-lookup.js';
import { lstmSequence } from '../src/ops/lstm.js';
import { maskedAffine } from '../src/ops/masked-affine.js';
import { logSoftmaxAt } from '../src/ops/softmax-cross-entropy.js';
import { brownShape, nonPadShare, randomSentences } from './text-model.js';
import type { BenchModel } from './conv-net.js';
import { adamSteps } from './dsl-trainer.js';

/** The LM step (embedding `embed`, `hidden` units) at batch `batch`, with its parameter count. */
export const lstmLmStep = (embed: number, hidden: number, batch: number) => (seed: number): BenchModel & { readonly parameters: number } => {
  const vocabulary = brownShape.vocabulary ?? 0;
  const steps = brownShape.shape[0];
  const glorot = (shape: [number, number], s: number): tf.Variable =>
    tf.variable(tf.tidy(() => tf.randomUniform(shape, -1, 1, 'float32', s).mul(Math.sqrt(6 / (shape[0] + shape[1])))));
  const params = {
    embedding: glorot([vocabulary, embed], seed),
    wx: glorot([embed, 4 * hidden], seed + 1),
    wh: glorot([hidden, 4 * hidden], seed + 2),
    b: tf.variable(tf.zeros([4 * hidden])),
    wOut: glorot([hidden, vocabulary], seed + 3),
    bOut: tf.variable(tf.zeros([vocabulary])),
  };
  const x = randomSentences(batch, brownShape, seed);
  const previous = tf.tidy(() => tf.concat([tf.fill([batch, 1], 1), tf.slice(x, [0, 0], [batch, steps - 1])], 1).transpose());
  const targets = tf.tidy(() => x.flatten());
  const loss = (): tf.Scalar => {
    const xs = tf.add(tf.matMul(embeddingLookup(params.embedding, previous.flatten()), params.wx), params.b).reshape([steps, batch, 4 * hidden]);
    const hs = tf.transpose(lstmSequence(xs, params.wh), [1, 0, 2]).reshape([batch * steps, hidden]);
    const logits = maskedAffine(hs, params.wOut, params.bOut, tf.notEqual(targets, 0));
    return tf.div(tf.neg(tf.sum(logSoftmaxAt(logits, targets, { padId: 0 }))), batch) as tf.Scalar;
  };
  const adamax = adamSteps(Object.values(params), loss, 'adamax', 2e-3);
  return {
    parameters: Object.values(params).reduce((n, v) => n + v.size, 0),
    keptRowShare: nonPadShare(x),
    step: adamax.step,
    dispose: () => {
      adamax.dispose();
      tf.dispose([x, previous, targets, ...Object.values(params)]);
    },
  };
};
