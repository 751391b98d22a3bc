/**
 * depthwise-backprop-input.ts and depthwise-backprop-filter.ts: the gradients of
 * depthwiseConv2d (any channel multiplier) on wasm agree with the cpu backend and leak nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { liveCounts, relativeError, setUpWasmAndCpu } from './wasm-vs-cpu.js';
import { convCaseArb, convGradients } from './conv-case.js';

describe('depthwiseConv2d gradients on wasm', () => {
  beforeAll(setUpWasmAndCpu);

  it('match cpu within 1e-3 relative error and leave no tensor behind', async () => {
    await fc.assert(
      fc.asyncProperty(convCaseArb(true), async (c) => {
        // Arrange
        const expected = await convGradients(c, true, 'cpu');
        await tf.setBackend('wasm');
        const before = liveCounts();
        // Act
        const actual = await convGradients(c, true, 'wasm');
        // Assert
        expect(liveCounts()).toEqual(before);
        expect(relativeError(expected[0], actual[0])).toBeLessThan(1e-3);
        expect(relativeError(expected[1], actual[1])).toBeLessThan(1e-3);
      }),
      { numRuns: 100 },
    );
  });
});
