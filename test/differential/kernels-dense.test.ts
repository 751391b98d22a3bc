/**
 * Differential suite, every other kernel strata relies on: matmul (plain,
 * transposed, batched), fused matmul and StrataAffine (linear, relu, elu),
 * strata's fused Normal ops, the elementwise ops and reductions its nets,
 * distributions and objectives use: forward and all input gradients on
 * wasm and native agree with cpu over random sizes. Tolerance:
 * KERNEL_TOLERANCE (1e-4) relative to the largest cpu value of each output.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { denseOps, runDenseOp, type DenseCase } from './dense-ops.js';
import { KERNEL_TOLERANCE, relativeError } from './compare.js';
import { nativeSkipReason, otherBackends, runOnBackend, setUpBackends } from './backends.js';

const caseArb: fc.Arbitrary<DenseCase> = fc.record({
  n: fc.integer({ min: 1, max: 9 }),
  k: fc.integer({ min: 1, max: 40 }),
  m: fc.integer({ min: 1, max: 9 }),
  batch: fc.integer({ min: 1, max: 3 }),
  seed: fc.nat(1_000_000),
});

describe(`dense kernels on ${otherBackends.join(' and ')} agree with cpu${nativeSkipReason === '' ? '' : ` (native skipped: ${nativeSkipReason})`}`, () => {
  beforeAll(setUpBackends);

  it.each(denseOps.map((op) => [op.name, op] as const))('%s: forward and gradients', async (_name, op) => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const expected = await runOnBackend('cpu', () => runDenseOp(op, c));
        for (const backend of otherBackends) {
          const before = tf.memory().numTensors;
          const actual = await runOnBackend(backend, () => runDenseOp(op, c));
          expect(tf.memory().numTensors, `${op.name} on ${backend} leaks`).toBe(before);
          expected.forEach((e, i) =>
            expect(relativeError(e, actual[i]), `${op.name} output ${i} on ${backend}, ${JSON.stringify(c)}`).toBeLessThan(KERNEL_TOLERANCE));
        }
      }),
      { numRuns: 8, seed: 16 },
    );
  });
});
