/**
 * Differential suite, training kernels: three Adamax and Adam updates of
 * createOptimizer (StrataAdamInPlace / StrataAdam on native, tfjs ops
 * elsewhere) from the same weights and gradients leave the same weights on
 * cpu, wasm and native. Tolerance: KERNEL_TOLERANCE (1e-4) relative to the
 * largest cpu weight.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createOptimizer } from '../../src/train/optimizer.js';
import { KERNEL_TOLERANCE, relativeError, seededValues } from './compare.js';
import { nativeSkipReason, otherBackends, runOnBackend, setUpBackends } from './backends.js';

const shapes: Record<string, number[]> = { w: [5, 3], b: [3], g: [7] };

/** The weights after three updates with seeded gradients, flattened per variable. */
const weightsAfterSteps = (name: 'adamax' | 'adam'): Float32Array[] => {
  const entries = Object.entries(shapes);
  const variables = new Map(entries.map(([key, s], i) => [key, tf.tidy(() => tf.variable(tf.tensor(seededValues(s.reduce((a, b) => a * b, 1), 40 + i), s)))]));
  const optimizer = createOptimizer({ name, lr: 0.01, decay: 1, warmup: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  for (let step = 0; step < 3; step++) {
    const grads = Object.fromEntries(entries.map(([key, s], i) => [key, tf.tensor(seededValues(s.reduce((a, b) => a * b, 1), 100 * step + i), s)]));
    optimizer.apply(variables, grads, { gradScale: 0.5 });
    tf.dispose(Object.values(grads));
  }
  const out = [...variables.values()].map((v) => Float32Array.from(v.dataSync() as Float32Array));
  optimizer.dispose();
  variables.forEach((v) => v.dispose());
  return out;
};

describe(`optimizer updates on ${otherBackends.join(' and ')} agree with cpu${nativeSkipReason === '' ? '' : ` (native skipped: ${nativeSkipReason})`}`, () => {
  beforeAll(setUpBackends);

  it.each(['adamax', 'adam'] as const)('%s: three updates', async (name) => {
    const expected = await runOnBackend('cpu', () => weightsAfterSteps(name));
    for (const backend of otherBackends) {
      const before = tf.memory().numTensors;
      const actual = await runOnBackend(backend, () => weightsAfterSteps(name));
      expect(tf.memory().numTensors, `${name} on ${backend} leaks`).toBe(before);
      expected.forEach((e, i) => expect(relativeError(e, actual[i]), `${name} variable ${i} on ${backend}`).toBeLessThan(KERNEL_TOLERANCE));
    }
  });
});
