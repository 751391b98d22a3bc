/**
 * Training memory of the small VAE (`vaeSpec`) under the DSL training step:
 * tf.memory() after 10 and after `steps` steps; equal numbers mean no tensor
 * leaks per step.
 */
import * as tf from '@tensorflow/tfjs';
import { dslTrainer } from './dsl-trainer.js';
import { vaeSpec } from './hand-vae.js';

/** tf.memory() counts after a number of steps. */
export interface MemoryPoint {
  readonly steps: number;
  readonly numTensors: number;
  readonly numBytes: number;
}

/** Trains `steps` steps at `batch` on the current backend, reading tf.memory() after step 10 and after the last. */
export const trainMemory = async (batch: number, steps: number): Promise<MemoryPoint[]> => {
  const trainer = dslTrainer(vaeSpec, batch, 11);
  const points: MemoryPoint[] = [];
  try {
    for (let i = 1; i <= steps; i++) {
      await trainer.step();
      if (i === 10 || i === steps) {
        const m = tf.memory();
        points.push({ steps: i, numTensors: m.numTensors, numBytes: m.numBytes });
      }
    }
  } finally {
    trainer.dispose();
  }
  return points;
};
