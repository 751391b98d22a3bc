/**
 * The trainer's optimizer on the native backend takes its steps with the
 * native kernels (StrataAdamInPlace, StrataAdam for a variable whose memory
 * is shared): the same steps as its plain tfjs path on cpu.
 */
import * as tf from '@tensorflow/tfjs';
import { getKernel } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { compareWithCpu, skipReason } from '../backend/native/reference.js';
import { defaultOptimizer } from '../../src/train/config.js';
import { createOptimizer } from '../../src/train/optimizer.js';

/** Three updates of a two-variable problem from fixed gradients; returns the final values and moments. */
const threeSteps = (name: 'adam' | 'adamax') => (): tf.Tensor[] => {
  const variables = new Map<string, tf.Variable>([
    ['a', tf.variable(tf.tensor1d([0.5, -1, 2, 0]))],
    ['b', tf.variable(tf.tensor2d([[1, 2], [3, -4]]))],
  ]);
  const optimizer = createOptimizer({ ...defaultOptimizer, name, lr: 0.01 });
  for (let step = 1; step <= 3; step++) {
    tf.tidy(() =>
      optimizer.apply(variables, {
        a: tf.tensor1d([0.1 * step, -0.3, 0.02, 1]),
        b: tf.tensor2d([[-0.5, 0.25 * step], [0, 2]]),
      }),
    );
  }
  const out = [...variables.values(), ...Object.values(optimizer.state().tensors)].map((t) => t.clone());
  optimizer.dispose();
  variables.forEach((v) => v.dispose());
  return out;
};

describe.skipIf(skipReason !== '')(`trainer optimizer on the native backend${skipReason}`, () => {
  for (const name of ['adam', 'adamax'] as const) {
    it(`${name}: fused native steps equal the plain tfjs steps on cpu (values and moments), without leaks`, async () => {
      // Arrange: the fused kernel is what the wasm run will use.
      expect(getKernel('StrataAdam', 'wasm')).toBeDefined();
      // Act
      const { error, leaked } = await compareWithCpu(threeSteps(name));
      // Assert
      expect(error).toBeLessThan(1e-5);
      expect(leaked).toBe(0);
    });
  }
});
