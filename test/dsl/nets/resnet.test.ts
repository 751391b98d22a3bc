import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resnet } from '../../../src/dsl/nets/net.js';
import { compileResnet } from '../../../src/dsl/nets/resnet.js';
import { evaluation, randomParams } from '../../support/nets.js';

describe('resnet block', () => {
  it('property: the output map is [ceil(h * up / stride), ceil(w * up / stride), filters], as declared by outputShape', () => {
    fc.assert(
      fc.property(
        fc.record({
          h: fc.integer({ min: 1, max: 6 }),
          w: fc.integer({ min: 1, max: 6 }),
          c: fc.integer({ min: 1, max: 3 }),
          filters: fc.integer({ min: 1, max: 3 }),
          layers: fc.integer({ min: 1, max: 3 }),
          stride: fc.integer({ min: 1, max: 2 }),
          upsample: fc.integer({ min: 1, max: 2 }),
        }),
        ({ h, w, c, filters, layers, stride, upsample }) => {
          const net = compileResnet(resnet({ filters, layers, stride, upsample, kernel: 3 }), [[h, w, c]], 'r');
          const params = randomParams(net.params, 1);
          const shape = tf.tidy(() => net.apply(params.get, [tf.ones([2, h, w, c])], evaluation).shape);
          params.dispose();
          const expected = [2, Math.ceil((h * upsample) / stride), Math.ceil((w * upsample) / stride), filters];
          return JSON.stringify(shape) === JSON.stringify(expected) && JSON.stringify(net.outputShape) === JSON.stringify(expected.slice(1));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('dense parents are projected to inputMap; a dense parent next to a map is broadcast as extra channels', () => {
    const projected = compileResnet(resnet({ filters: 2, layers: 1, inputMap: [2, 3, 4] }), [[5], [1]], 'a');
    const mixed = compileResnet(resnet({ filters: 2, layers: 1 }), [[2, 2, 3], [4]], 'b');

    expect(projected.outputShape).toEqual([2, 3, 2]);
    expect(projected.params.find((p) => p.name === 'a/project/w')?.shape).toEqual([6, 24]);
    expect(mixed.params.find((p) => p.name === 'b/conv0/w')?.shape).toEqual([3, 3, 7, 2]);
  });

  it('parent maps of different sizes are rejected with both shapes in the message', () => {
    expect(() => compileResnet(resnet(), [[4, 4, 1], [2, 2, 1]], 'r')).toThrow('[4, 4, 1] and [2, 2, 1]');
  });

  it('dense parents without inputMap are rejected, naming inputMap', () => {
    expect(() => compileResnet(resnet(), [[8]], 'r')).toThrow('inputMap');
  });
});
