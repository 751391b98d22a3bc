import * as tf from '@tensorflow/tfjs';
import { conv, convParams, dense, denseParams } from './layers.js';
import type { CompiledNet } from './net.js';
import { isMap, sizeOf, type Shape } from '../shape.js';

/**
 * The output layer of a conditional: maps the body's output to the
 * distribution's parameters [N, ...paramShape]. Maps to maps use a
 * weight-normalized 3x3 convolution (after nearest-neighbour resizing when
 * the extents differ); anything else goes through a dense layer and a reshape.
 */
export const compileHead = (bodyShape: Shape, paramShape: Shape, prefix: string): CompiledNet => {
  if (isMap(bodyShape) && isMap(paramShape)) {
    const [h, w, c] = paramShape;
    const resize = bodyShape[0] !== h || bodyShape[1] !== w;
    return {
      outputShape: paramShape,
      params: convParams(`${prefix}/head`, 3, bodyShape[2], c),
      apply: (get, [x]) =>
        conv(get, `${prefix}/head`, resize ? tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [h, w]) : x, 1),
    };
  }
  const inputs = sizeOf(bodyShape);
  const outputs = sizeOf(paramShape);
  return {
    outputShape: paramShape,
    params: denseParams(`${prefix}/head`, inputs, outputs, false),
    apply: (get, [x]) => {
      const n = x.shape[0];
      return dense(get, `${prefix}/head`, x.rank === 2 ? x : x.reshape([n, inputs]), false).reshape([n, ...paramShape]);
    },
  };
};
