/**
 * DSL overhead: step times of the hand-written VAE and LVAE against the
 * compiled DSL specs of the same models, same backend and batch, on the same
 * random binary images, interleaved (hand, DSL, hand, DSL, ...) so that
 * machine noise hits both alike. The ratio is DSL median / hand median.
 */
import type { ModelSpec } from '../src/index.js';
import { dslTrainer, randomImages, validated, type CountedModel } from './dsl-trainer.js';
import { handLvae, lvaeSpec } from './hand-lvae.js';
import { handVae, vaeSpec } from './hand-vae.js';
import { statsOf, stepTimes, type Stats } from './table.js';
import type * as tf from '@tensorflow/tfjs';

/** One model's comparison. */
export interface OverheadRow {
  readonly model: string;
  readonly batch: number;
  readonly handParameters: number;
  readonly dslParameters: number;
  readonly hand: Stats;
  readonly dsl: Stats;
  /** DSL median step time / hand median step time. */
  readonly ratio: number;
}

const pairs: ReadonlyArray<readonly [string, ModelSpec, (x: tf.Tensor, seed: number) => CountedModel]> = [
  ['VAE 784-512-512-32', vaeSpec, handVae],
  ['LVAE 2 layers (32, 16)', lvaeSpec, handLvae],
];

/**
 * Measures both models on the current backend: `warmup` steps each, then
 * `rounds` interleaved pairs of steps.
 */
export const dslOverhead = async (batch: number, warmup: number, rounds: number): Promise<OverheadRow[]> => {
  const rows: OverheadRow[] = [];
  for (const [name, spec, hand] of pairs) {
    const a = hand(randomImages(validated(spec), batch, 2), 1);
    const b = dslTrainer(spec, batch, 1);
    try {
      await stepTimes(a.step, warmup, 0);
      await stepTimes(b.step, warmup, 0);
      const ta: number[] = [];
      const tb: number[] = [];
      for (let i = 0; i < rounds; i++) {
        ta.push(...(await stepTimes(a.step, 0, 1)));
        tb.push(...(await stepTimes(b.step, 0, 1)));
      }
      const hs = statsOf(ta);
      const ds = statsOf(tb);
      rows.push({ model: name, batch, handParameters: a.parameters, dslParameters: b.parameters, hand: hs, dsl: ds, ratio: ds.median / hs.median });
    } finally {
      a.dispose();
      b.dispose();
    }
  }
  return rows;
};
