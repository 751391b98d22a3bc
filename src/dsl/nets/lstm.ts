import * as tf from '@tensorflow/tfjs';
import { concatFlat, flatSize } from './inputs.js';
import { dense, denseParams } from './layers.js';
import type { CompiledNet, LstmSpec, ParamLookup } from './net.js';
import type { Shape } from '../shape.js';
import { embeddingLookup } from '../../ops/embedding-lookup.js';
import { lstmSequence } from '../../ops/lstm.js';
import { maskedAffine } from '../../ops/masked-affine.js';
import { deriveSeed } from '../../random/prng.js';

/** One LSTM cell step: gates = x_t + h W_h (x_t already holds x W_x + b). */
const cell = (get: ParamLookup, prefix: string, xt: tf.Tensor, h: tf.Tensor, c: tf.Tensor, units: number) => {
  const gates = tf.add(xt, tf.matMul(h as tf.Tensor2D, get(`${prefix}/wh`) as tf.Tensor2D));
  const [i, f, o, g] = tf.split(gates, [units, units, units, units], 1);
  const cNext = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
  return { h: tf.mul(tf.sigmoid(o), tf.tanh(cNext)), c: cNext };
};

/** Embeds token ids [N] (or [N, T]) as [N (x T), embed] rows of the table (src/ops/embedding-lookup.ts). */
const embed = (get: ParamLookup, prefix: string, ids: tf.Tensor): tf.Tensor =>
  embeddingLookup(get(`${prefix}/embedding`), ids.flatten());

/**
 * Compiles an LSTM decoder for a token node of `steps` tokens over `vocab`
 * classes (BIVA appendix D). Its output is the logits [N, steps, vocab].
 * Scoring runs the whole sequence as one op (src/ops/lstm.ts: one kernel
 * call each way on native) after one input product for all steps;
 * sampling steps the same cell one token at a time. With the Categorical's
 * `padId`, scoring computes the logits of positions whose target is PAD as
 * exactly 0 without the output product for them (src/ops/masked-affine.ts;
 * the Categorical scores them 0 whatever their logits): about 44% of the
 * positions of Brown sentences.
 */
export const compileLstm = (spec: LstmSpec, inputShapes: readonly Shape[], steps: number, vocab: number, prefix: string,
  padId?: number): CompiledNet => {
  const features = flatSize(inputShapes);
  const units = spec.hidden;
  const stepInputs = (get: ParamLookup, feats: tf.Tensor, embedded: tf.Tensor): tf.Tensor =>
    tf.add(
      tf.matMul(embedded as tf.Tensor2D, get(`${prefix}/wx`) as tf.Tensor2D),
      tf.tile(tf.matMul(feats as tf.Tensor2D, get(`${prefix}/wf`) as tf.Tensor2D), [embedded.shape[0] / feats.shape[0], 1]),
    );
  return {
    outputShape: [steps, vocab],
    params: [
      { name: `${prefix}/embedding`, shape: [vocab, spec.embed], init: 'glorot' },
      { name: `${prefix}/wx`, shape: [spec.embed, 4 * units], init: 'glorot' },
      { name: `${prefix}/wf`, shape: [features, 4 * units], init: 'glorot' },
      { name: `${prefix}/wh`, shape: [units, 4 * units], init: 'glorot' },
      { name: `${prefix}/gates/b`, shape: [4 * units], init: 'zeros' },
      ...denseParams(`${prefix}/out`, units, vocab, false),
    ],
    apply: (get, inputs, _ctx, target) => {
      if (target === undefined) throw new Error(`lstm ${prefix}: scoring needs the target tokens (teacher forcing)`);
      const n = target.shape[0];
      const feats = concatFlat(inputs);
      const previous = tf.concat([tf.fill([n, 1], spec.bos, 'int32'), tf.cast(tf.slice(target, [0, 0], [n, steps - 1]), 'int32')], 1);
      const embedded = embed(get, prefix, tf.transpose(previous));
      const xs = tf.add(stepInputs(get, feats, embedded), get(`${prefix}/gates/b`)).reshape([steps, n, 4 * units]);
      const hs = tf.transpose(lstmSequence(xs, get(`${prefix}/wh`)), [1, 0, 2]).reshape([n * steps, units]);
      const logits = padId === undefined
        ? dense(get, `${prefix}/out`, hs, false)
        : maskedAffine(hs, get(`${prefix}/out/w`), get(`${prefix}/out/b`), tf.notEqual(target, padId).reshape([n * steps]));
      return logits.reshape([n, steps, vocab]);
    },
    sample: (get, inputs, seed) => {
      const feats = concatFlat(inputs);
      const n = feats.shape[0];
      const featPart = tf.add(tf.matMul(feats as tf.Tensor2D, get(`${prefix}/wf`) as tf.Tensor2D), get(`${prefix}/gates/b`));
      let token: tf.Tensor = tf.fill([n], spec.bos, 'int32');
      let state = { h: tf.zeros([n, units]), c: tf.zeros([n, units]) };
      const tokens: tf.Tensor[] = [];
      for (let t = 0; t < steps; t++) {
        // One tidy per step keeps only the token and the new state: memory stays at one step's [n, V] logits.
        const next = tf.tidy(() => {
          const xt = tf.add(tf.matMul(embed(get, prefix, token) as tf.Tensor2D, get(`${prefix}/wx`) as tf.Tensor2D), featPart);
          const s1 = cell(get, prefix, xt, state.h, state.c, units);
          const logits = dense(get, `${prefix}/out`, s1.h, false);
          const u = tf.randomUniform(logits.shape, 1e-7, 1 - 1e-7, 'float32', deriveSeed(seed, t));
          return { token: tf.argMax(tf.sub(logits, tf.log(tf.neg(tf.log(u)))), -1), h: s1.h, c: s1.c };
        });
        tf.dispose([state.h, state.c]);
        state = { h: next.h, c: next.c };
        token = next.token;
        tokens.push(token);
      }
      tf.dispose([state.h, state.c]);
      return tf.cast(tf.stack(tokens, 1), 'float32');
    },
  };
};
