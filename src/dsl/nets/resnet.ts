import * as tf from '@tensorflow/tfjs';
import { activate, maybeDropout } from './activation.js';
import { concatFlat, concatMaps, flatSize, mapChannels } from './inputs.js';
import { conv, convParams, dense, denseParams, sameOut } from './layers.js';
import type { CompiledNet, ParamDecl, ResnetSpec } from './net.js';
import { isMap, showShape, sizeOf, type Shape } from '../shape.js';
import { NetError } from '../spec-error.js';
import { deriveSeed } from '../../random/prng.js';

/** Initial gain of the residual branches relative to Glorot (0.1: each block starts near the identity). */
const RESIDUAL_GAIN = 0.1;

/** Where a ResNet block's input map comes from: parent maps, or a projection of dense parents. */
const inputGrid = (spec: ResnetSpec, inputShapes: readonly Shape[]): { h: number; w: number; c: number; project: boolean } => {
  const maps = inputShapes.filter(isMap);
  if (maps.length > 0) {
    const [h, w] = maps[0];
    const bad = maps.find((s) => s[0] !== h || s[1] !== w);
    if (bad !== undefined) throw new Error(`parent feature maps differ in size: ${showShape(maps[0])} and ${showShape(bad)}`);
    return { h, w, c: mapChannels(inputShapes), project: false };
  }
  if (spec.inputMap === undefined) {
    throw new Error('a resnet over dense parents needs `inputMap` ([h, w, c]) to project them to a feature map');
  }
  const [h, w, c] = spec.inputMap;
  return { h, w, c, project: true };
};

/**
 * Compiles a ResNet block (BIVA appendix A). Throws a message naming the
 * problem when the parents cannot form one input map; the caller adds the node.
 */
export const compileResnet = (spec: ResnetSpec, inputShapes: readonly Shape[], prefix: string, maxElements = Infinity): CompiledNet => {
  const grid = inputGrid(spec, inputShapes);
  const h = sameOut(grid.h * spec.upsample, spec.stride);
  const w = sameOut(grid.w * spec.upsample, spec.stride);
  const widest = grid.h * spec.upsample * grid.w * spec.upsample * Math.max(grid.c, spec.filters);
  if (widest > maxElements) {
    throw new NetError('size', `a resnet feature map of ${widest} elements (${grid.h * spec.upsample} x ${grid.w * spec.upsample} x ${Math.max(grid.c, spec.filters)}) is above the bound of ${maxElements}; raise it with validate(spec, { limits })`);
  }
  const params: ParamDecl[] = [
    ...(grid.project ? denseParams(`${prefix}/project`, flatSize(inputShapes), sizeOf([grid.h, grid.w, grid.c]), true) : []),
    ...convParams(`${prefix}/conv0`, spec.kernel, grid.c, spec.filters),
    ...Array.from({ length: spec.layers - 1 }, (_, j) => convParams(`${prefix}/conv${j + 1}`, spec.kernel, spec.filters, spec.filters, RESIDUAL_GAIN)).flat(),
  ];
  return {
    outputShape: [h, w, spec.filters],
    params,
    apply: (get, inputs, ctx) => {
      const n = inputs[0].shape[0];
      const input = grid.project
        ? dense(get, `${prefix}/project`, concatFlat(inputs), true).reshape([n, grid.h, grid.w, grid.c])
        : concatMaps(inputs, inputShapes, grid.h, grid.w);
      const scaled =
        spec.upsample > 1
          ? tf.image.resizeNearestNeighbor(input as tf.Tensor4D, [grid.h * spec.upsample, grid.w * spec.upsample])
          : input;
      const first = activate(spec.activation, conv(get, `${prefix}/conv0`, scaled, spec.stride));
      return Array.from({ length: spec.layers - 1 }, (_, j) => j + 1).reduce((x, j) => {
        const inner = maybeDropout(activate(spec.activation, x), spec.dropout, ctx.training, deriveSeed(ctx.seed, j));
        return tf.add(x, conv(get, `${prefix}/conv${j}`, inner, 1));
      }, first);
    },
  };
};
