import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { categorical, disposeParams, initParams, lstm, mlp, model, normal, prior, validate, type Model } from '../../src/dsl/index.js';
import { chooseEvalSizes, memoryBudget, outOfMemoryMessage, traceBytesPerSample, EVAL_BUDGET_BYTES, WASM_HEAP_BYTES } from '../../src/train/eval-budget.js';

const GiB = 1024 ** 3;

describe('chooseEvalSizes', () => {
  it('gives a huge vocabulary a small chunk and batch, never 0', () => {
    // Arrange: one row-sample of [41 x 1,000,000] float32 logits, six copies
    const bytesPerSample = 6 * 4 * 41 * 1_000_000;
    // Act
    const sizes = chooseEvalSizes({ bytesPerSample, budget: GiB, k: 1000, unitSamples: 16 });
    // Assert
    expect(sizes).toEqual({ batch: 1, chunk: 1, estimatedBytes: 16 * 2 ** Math.ceil(Math.log2(bytesPerSample)) });
  });

  it('keeps the defaults 50 x 100 for a small model, and never more samples per chunk than K', () => {
    expect(chooseEvalSizes({ bytesPerSample: 10_000, budget: GiB, k: 1000, unitSamples: 16 })).toMatchObject({ batch: 50, chunk: 100 });
    expect(chooseEvalSizes({ bytesPerSample: 10_000, budget: GiB, k: 10, unitSamples: 16 })).toMatchObject({ batch: 50, chunk: 10 });
  });

  it('fits the Brown case of issue 16 (K = 10, V = 20,004) under the budget where 200 rows x 10 samples did not', () => {
    // Arrange: about 20 MB per row-sample (41 x 20,004 float32 logits, six copies)
    const bytesPerSample = 6 * 4 * 41 * 20_004;
    // Act
    const sizes = chooseEvalSizes({ bytesPerSample, budget: GiB, k: 10, unitSamples: 16 });
    // Assert
    expect(sizes.batch).toBeGreaterThanOrEqual(1);
    expect(sizes.batch * Math.max(sizes.chunk, 16) * bytesPerSample).toBeLessThanOrEqual(GiB);
    expect(200 * 10 * bytesPerSample).toBeGreaterThan(GiB);
  });

  it('gives the same sizes for byte counts within one power of two (backends whose fused kernels hold a little less)', () => {
    const a = chooseEvalSizes({ bytesPerSample: 5_100_000, budget: GiB, k: 1000, unitSamples: 16 });
    const b = chooseEvalSizes({ bytesPerSample: 6_900_000, budget: GiB, k: 1000, unitSamples: 16 });
    expect(a).toEqual(b);
  });

  it('keeps a given --batch and --chunk (a chunk at most K, as streamed), and fits the other one to them', () => {
    expect(chooseEvalSizes({ bytesPerSample: 1000, budget: 1_000_000, k: 1000, unitSamples: 16, batch: 7, chunk: 3 })).toMatchObject({ batch: 7, chunk: 3 });
    expect(chooseEvalSizes({ bytesPerSample: 1000, budget: 1_000_000, k: 1000, unitSamples: 16, batch: 20 })).toMatchObject({ batch: 20, chunk: 48 });
    expect(chooseEvalSizes({ bytesPerSample: 1000, budget: 1_000_000, k: 1000, unitSamples: 16, chunk: 100 })).toMatchObject({ batch: 9, chunk: 100 });
    expect(chooseEvalSizes({ bytesPerSample: 1000, budget: 1_000_000, k: 2, unitSamples: 16, batch: 7, chunk: 5 })).toMatchObject({ batch: 7, chunk: 2 });
  });

  it('law: sizes are positive integers, chunk <= K, and the trace fits the budget whenever one row of the unit samples does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 8 * GiB }), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 64 }), (bytesPerSample, budget, k, unitSamples) => {
        const s = chooseEvalSizes({ bytesPerSample, budget, k, unitSamples });
        expect(Number.isInteger(s.batch) && s.batch >= 1 && s.batch <= 50).toBe(true);
        expect(Number.isInteger(s.chunk) && s.chunk >= 1 && s.chunk <= Math.min(100, k)).toBe(true);
        if (2 ** Math.ceil(Math.log2(bytesPerSample)) * unitSamples <= budget) expect(s.estimatedBytes).toBeLessThanOrEqual(budget);
      }),
    );
  });

  it('refuses a non-positive byte count', () => {
    expect(() => chooseEvalSizes({ bytesPerSample: 0, budget: GiB, k: 10, unitSamples: 16 })).toThrow(RangeError);
  });
});

describe('memoryBudget', () => {
  it('is the fixed EVAL_BUDGET_BYTES (a quarter of the wasm heap) wherever the machine can give it', () => {
    expect(EVAL_BUDGET_BYTES).toBe(WASM_HEAP_BYTES / 4);
    expect(memoryBudget({ backend: 'wasm', tensorBytes: 0, freeBytes: 64 * GiB })).toBe(EVAL_BUDGET_BYTES);
    expect(memoryBudget({ backend: 'native', tensorBytes: 0, freeBytes: 16 * GiB })).toBe(EVAL_BUDGET_BYTES);
    expect(memoryBudget({ backend: 'webgpu', tensorBytes: 3.5 * GiB, freeBytes: 16 * GiB })).toBe(EVAL_BUDGET_BYTES);
  });

  it('is lowered to a quarter of free memory, or of what is left of the wasm heap, when that is smaller', () => {
    expect(memoryBudget({ backend: 'wasm', tensorBytes: 3.5 * GiB, freeBytes: 64 * GiB })).toBe(Math.floor(0.125 * GiB));
    expect(memoryBudget({ backend: 'native', tensorBytes: 3.5 * GiB, freeBytes: 64 * GiB })).toBe(Math.floor(0.125 * GiB));
    expect(memoryBudget({ backend: 'native', tensorBytes: 0, freeBytes: 2 * GiB })).toBe(Math.floor(0.5 * GiB));
    expect(memoryBudget({ backend: 'native', tensorBytes: 0, freeBytes: 0 })).toBe(1);
  });
});

describe('traceBytesPerSample', () => {
  const tokenModel = (vocabulary: number): Model => {
    const spec = model<string>()
      .observed('x', categorical(vocabulary, [10], { padId: 0 }))
      .latent('z', normal([2]), { layer: 1 })
      .p('z', prior)
      .p('x', ['z'], lstm({ embed: 4, hidden: 8, bos: 1 }))
      .q('z', ['x'], mlp([8])).spec;
    const m = validate(spec);
    if (E.isLeft(m)) throw new Error(m.left.map((e) => e.message).join('; '));
    return m.right;
  };
  const measure = (vocabulary: number): { bytes: number; leaked: number } => {
    const m = tokenModel(vocabulary);
    const params = initParams(m, 1);
    const x = tf.fill([4, 10], 3);
    const before = tf.memory().numTensors;
    const bytes = traceBytesPerSample(m, params, { x });
    const leaked = tf.memory().numTensors - before;
    tf.dispose(x);
    disposeParams(params);
    return { bytes, leaked };
  };

  it('grows with the vocabulary (the T x V logits) and leaves no tensor behind', () => {
    // Act
    const small = measure(50);
    const large = measure(2000);
    // Assert
    expect(large.bytes).toBeGreaterThan(3 * 4 * 10 * 2000);
    expect(large.bytes).toBeGreaterThan(10 * small.bytes);
    expect(small.leaked + large.leaked).toBe(0);
  });
});

describe('outOfMemoryMessage', () => {
  it('is one line naming the batch, the chunk and the flags that lower them', () => {
    const line = outOfMemoryMessage({ batch: 50, chunk: 100 }, new Error('memory access out of bounds\n    at wasm-function[12]'));

    expect(line).toBe('out of memory evaluating batches of 50 examples with 100 importance samples per chunk (memory access out of bounds); lower --batch (now 50) or --chunk (now 100)');
  });
});
