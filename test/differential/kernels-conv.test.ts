/**
 * Differential suite, conv-like kernels: conv2d, depthwiseConv2d, fused
 * conv2d and fused depthwise conv2d (forward, input and filter gradients)
 * and nearest-neighbour resizing (forward and gradient) on wasm and native
 * agree with cpu over random geometries: kernels 1-7, strides 1-6 (stride >
 * kernel included), maps 1-12, 'same' and 'valid'. Tolerance:
 * KERNEL_TOLERANCE (1e-4) relative to the largest cpu value of each output.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { convLikeOps, isValidCase, type ConvLikeCase } from './conv-like-ops.js';
import { KERNEL_TOLERANCE, relativeError } from './compare.js';
import { nativeSkipReason, otherBackends, runOnBackend, setUpBackends } from './backends.js';
import { convGeometryFields } from '../support/conv-geometry.js';

const caseArb: fc.Arbitrary<ConvLikeCase> = fc
  .record({ ...convGeometryFields({ batch: 2, map: 12, channels: 3, kernel: 7, step: 6 }), pad: fc.constantFrom<'same' | 'valid'>('same', 'valid') })
  .filter(isValidCase);

/** A case whose stride exceeds its kernel on both axes (the geometries XNNPACK got wrong). */
const strideAboveKernel = caseArb.filter((c) => c.sh > c.kh && c.sw > c.kw && c.pad === 'same');

describe(`conv-like kernels on ${otherBackends.join(' and ')} agree with cpu${nativeSkipReason === '' ? '' : ` (native skipped: ${nativeSkipReason})`}`, () => {
  beforeAll(setUpBackends);

  const agree = async (c: ConvLikeCase): Promise<void> => {
    for (const op of convLikeOps) {
      const expected = await runOnBackend('cpu', () => op.run(c));
      for (const backend of otherBackends) {
        const before = tf.memory().numTensors;
        const actual = await runOnBackend(backend, () => op.run(c));
        expect(tf.memory().numTensors, `${op.name} on ${backend} leaks`).toBe(before);
        expect(actual.length, `${op.name} on ${backend}: outputs`).toBe(expected.length);
        expected.forEach((e, i) =>
          expect(relativeError(e, actual[i]), `${op.name} output ${i} on ${backend}, ${JSON.stringify(c)}`).toBeLessThan(KERNEL_TOLERANCE));
      }
    }
  };

  it('over random geometries (kernel 1-7, stride 1-6, maps 1-12)', async () => {
    await fc.assert(fc.asyncProperty(caseArb, agree), { numRuns: 25, seed: 14 });
  });

  it("over random 'same' geometries with stride > kernel", async () => {
    await fc.assert(fc.asyncProperty(strideAboveKernel, agree), { numRuns: 15, seed: 15 });
  });
});
