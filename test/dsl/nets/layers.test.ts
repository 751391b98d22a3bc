import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conv, convParams, dense, denseParams } from '../../../src/dsl/nets/layers.js';
import { randomParams } from '../../support/nets.js';
import { maxDiff } from '../../support/tensors.js';

/** The weight-normalized weight written out: v g / ||v||, norms over `axes`. */
const explicitWeight = (v: tf.Tensor, g: tf.Tensor, axes: number[]): tf.Tensor =>
  tf.mul(v, tf.div(g, tf.sqrt(tf.add(tf.sum(tf.square(v), axes), 1e-12))));

/**
 * Outputs and gradients (of a random projection of the output, with respect
 * to v, g and b) of `layer` against `reference` for the same parameters.
 */
const compare = (prefix: string, names: readonly string[], params: ReturnType<typeof randomParams>,
  layer: () => tf.Tensor, reference: () => tf.Tensor, seed: number): number =>
  tf.tidy(() => {
    const projection = tf.randomNormal(layer().shape, 0, 1, 'float32', seed);
    const gradients = (f: () => tf.Tensor): tf.Tensor[] => {
      const vars = names.map((n) => params.values.get(`${prefix}/${n}`) as tf.Variable);
      const { grads } = tf.variableGrads(() => tf.sum(tf.mul(f(), projection)) as tf.Scalar, vars);
      return vars.map((v) => grads[v.name]);
    };
    const ours = gradients(layer);
    const theirs = gradients(reference);
    return maxDiff([[layer(), reference()], ...ours.map((g, i) => [g, theirs[i]] as const)]);
  });

/** Parameters as trainable variables, so gradients can be taken. */
const variables = (decls: Parameters<typeof randomParams>[0], seed: number): ReturnType<typeof randomParams> => {
  const params = randomParams(decls, seed);
  const values = new Map([...params.values].map(([name, t]) => [name, tf.variable(t) as tf.Tensor]));
  params.dispose();
  return { get: (name) => values.get(name)!, values, dispose: () => tf.dispose([...values.values()]) };
};

describe('weight-normalized layers', () => {
  it('property: dense equals x (v g / ||v||) + b, values and gradients, whether the batch is narrower or wider than the input', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 1000 }),
        (rows, inputs, outputs, seed) => {
          const params = variables(denseParams('d', inputs, outputs, true), seed);
          const x = tf.randomNormal([rows, inputs], 0, 1, 'float32', seed + 1);
          const diff = compare('d', ['w', 'g', 'b'], params,
            () => dense(params.get, 'd', x, true),
            () => tf.add(tf.matMul(x as tf.Tensor2D, explicitWeight(params.get('d/w'), params.get('d/g'), [0]) as tf.Tensor2D), params.get('d/b')),
            seed + 2);
          x.dispose();
          params.dispose();
          return diff < 1e-4;
        }),
      { numRuns: 40 },
    );
  });

  it('property: conv equals conv2d(x, v g / ||v||) + b, values and gradients, on either side of the output / filter size switch', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom(1, 2), fc.integer({ min: 0, max: 1000 }),
        (batch, size, channels, stride, seed) => {
          const params = variables(convParams('c', 3, channels, 2), seed);
          const x = tf.randomNormal([batch, size, size, channels], 0, 1, 'float32', seed + 1);
          const diff = compare('c', ['w', 'g', 'b'], params,
            () => conv(params.get, 'c', x, stride),
            () => tf.add(tf.conv2d(x as tf.Tensor4D, explicitWeight(params.get('c/w'), params.get('c/g'), [0, 1, 2]) as tf.Tensor4D, stride, 'same'), params.get('c/b')),
            seed + 2);
          x.dispose();
          params.dispose();
          return diff < 1e-4;
        }),
      { numRuns: 30 },
    );
  });

  it('leaves no tensors behind', () => {
    const params = variables(denseParams('d', 6, 3, true), 1);
    const x = tf.ones([2, 6]);
    const before = tf.memory().numTensors;

    tf.tidy(() => {
      dense(params.get, 'd', x, true);
    });

    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    params.dispose();
  });
});
