import * as tf from '@tensorflow/tfjs';
import { conv, convParams, dense, denseActivated, denseParams } from './layers.js';
import { HEAD_GAIN, type CompiledNet } from './net.js';
import { isMap, sizeOf, type Shape } from '../shape.js';

/** Units per position of the sequence head before the shared output projection. */
const SEQUENCE_UNITS = 64;

/**
 * The head of a Categorical sequence [T, V] without an autoregressive net:
 * a dense layer to T positions of SEQUENCE_UNITS features, then one output
 * projection to the V logits shared by all positions (V may be large).
 */
const sequenceHead = (bodyShape: Shape, paramShape: Shape, prefix: string): CompiledNet => {
  const [steps, classes] = paramShape;
  const inputs = sizeOf(bodyShape);
  return {
    outputShape: paramShape,
    params: [
      ...denseParams(`${prefix}/positions`, inputs, steps * SEQUENCE_UNITS, false),
      ...denseParams(`${prefix}/head`, SEQUENCE_UNITS, classes, false, true),
    ],
    apply: (get, [x]) => {
      const n = x.shape[0];
      const positions = denseActivated(get, `${prefix}/positions`, x.rank === 2 ? x : x.reshape([n, inputs]), false, 'elu');
      return dense(get, `${prefix}/head`, positions.reshape([n * steps, SEQUENCE_UNITS]), false).reshape([n, steps, classes]);
    },
  };
};

/**
 * The output layer of a conditional: maps the body's output to the
 * distribution's parameters [N, ...paramShape]. Maps to maps use a
 * weight-normalized 3x3 convolution (after nearest-neighbour resizing when
 * the extents differ); anything else goes through a dense layer and a
 * reshape, weight-normalized when `weightNorm` (then Adamax's first steps,
 * of size lr per weight, cannot swing an output fed by thousands of features).
 */
export const compileHead = (bodyShape: Shape, paramShape: Shape, prefix: string, weightNorm: boolean): CompiledNet => {
  if (isMap(bodyShape) && isMap(paramShape)) {
    const [h, w, c] = paramShape;
    const resize = bodyShape[0] !== h || bodyShape[1] !== w;
    return {
      outputShape: paramShape,
      params: convParams(`${prefix}/head`, 3, bodyShape[2], c, HEAD_GAIN),
      apply: (get, [x]) =>
        conv(get, `${prefix}/head`, resize ? tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [h, w]) : x, 1),
    };
  }
  if (paramShape.length === 2 && paramShape[1] > 1) return sequenceHead(bodyShape, paramShape, prefix);
  const inputs = sizeOf(bodyShape);
  const outputs = sizeOf(paramShape);
  return {
    outputShape: paramShape,
    params: denseParams(`${prefix}/head`, inputs, outputs, weightNorm, true),
    apply: (get, [x]) => {
      const n = x.shape[0];
      return dense(get, `${prefix}/head`, x.rank === 2 ? x : x.reshape([n, inputs]), weightNorm).reshape([n, ...paramShape]);
    },
  };
};
