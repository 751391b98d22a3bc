import * as tf from '@tensorflow/tfjs';
import type { CompiledNet, LstmEncoderSpec, ParamLookup } from './net.js';
import { showShape, type Shape } from '../shape.js';
import { NetError } from '../spec-error.js';

/**
 * One LSTM step on the pre-computed input part `xt` [N, 4h] (x W_x + b),
 * gates in the order input, forget, output, candidate; rows whose `keep`
 * [N, 1] is 0 (padding) carry their state through unchanged.
 */
const step = (wh: tf.Tensor2D, xt: tf.Tensor, keep: tf.Tensor, h: tf.Tensor, c: tf.Tensor, units: number): { h: tf.Tensor; c: tf.Tensor } => {
  const [i, f, o, g] = tf.split(tf.add(xt, tf.matMul(h as tf.Tensor2D, wh)), [units, units, units, units], 1);
  const cNext = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
  const hNext = tf.mul(tf.sigmoid(o), tf.tanh(cNext));
  return { h: tf.add(h, tf.mul(keep, tf.sub(hNext, h))), c: tf.add(c, tf.mul(keep, tf.sub(cNext, c))) };
};

/**
 * Compiles an LSTM encoder over one parent of token ids [T] (Bowman et al.
 * 2016, section 3): tokens are embedded (a one-hot matmul, so the gradient
 * needs no scatter kernel), read left to right from a zero state, and the
 * output [hidden] is the hidden state after the sentence's last token that
 * is not `pad` (padding leaves the state as it is). Throws an Error (a
 * NetError of kind `size` above `maxElements`) on any other parent shape.
 */
export const compileLstmEncoder = (spec: LstmEncoderSpec, inputShapes: readonly Shape[], prefix: string, maxElements = Infinity): CompiledNet => {
  if (inputShapes.length !== 1 || inputShapes[0].length !== 1) {
    throw new Error(`an lstmEncoder reads exactly one parent of token ids [T], got ${inputShapes.map(showShape).join(', ')}`);
  }
  const steps = inputShapes[0][0];
  if (steps * 4 * spec.hidden > maxElements) {
    throw new NetError('size', `an lstmEncoder of ${steps} tokens x ${4 * spec.hidden} gate units is above the bound of ${maxElements} elements; raise it with validate(spec, { limits })`);
  }
  const units = spec.hidden;
  return {
    outputShape: [units],
    params: [
      { name: `${prefix}/embedding`, shape: [spec.vocabulary, spec.embed], init: 'glorot' },
      { name: `${prefix}/wx`, shape: [spec.embed, 4 * units], init: 'glorot' },
      { name: `${prefix}/wh`, shape: [units, 4 * units], init: 'glorot' },
      { name: `${prefix}/b`, shape: [4 * units], init: 'zeros' },
    ],
    apply: (get: ParamLookup, [ids]) => {
      const n = ids.shape[0];
      const byStep = tf.transpose(tf.cast(ids, 'int32'));
      const oneHot = tf.oneHot(byStep.flatten(), spec.vocabulary) as tf.Tensor2D;
      const embedded = tf.matMul(oneHot, get(`${prefix}/embedding`) as tf.Tensor2D);
      const xs = tf.unstack(tf.add(tf.matMul(embedded, get(`${prefix}/wx`) as tf.Tensor2D), get(`${prefix}/b`)).reshape([steps, n, 4 * units]));
      const keep = tf.unstack(tf.cast(tf.notEqual(byStep, spec.pad), 'float32').reshape([steps, n, 1]));
      const wh = get(`${prefix}/wh`) as tf.Tensor2D;
      let state = { h: tf.zeros([n, units]), c: tf.zeros([n, units]) };
      for (let t = 0; t < steps; t++) state = step(wh, xs[t], keep[t], state.h, state.c, units);
      return state.h;
    },
  };
};
