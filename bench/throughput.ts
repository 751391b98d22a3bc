/**
 * Training throughput of the zoo models (vae, lvae, lvae-plus, biva) on
 * seeded random binary 28x28 images: images per second of the DSL training
 * step (median, min and max over measured steps after warm-up).
 */
import { buildZooModel, type DataShape } from '../src/index.js';
import * as E from 'fp-ts/lib/Either.js';
import { dslTrainer } from './dsl-trainer.js';
import { stepFlops } from './flops.js';
import { statsOf, stepTimes, type Stats } from './table.js';

/** The models of the BIVA paper's ablation, in the order of the table. */
export const throughputModels = ['vae', 'lvae', 'lvae-plus', 'biva'] as const;

/** Binary 28x28 images, as the zoo sees MNIST. */
export const binaryImages: DataShape = { shape: [28, 28, 1], likelihood: 'bernoulli' };

/** One model's throughput on one backend and preset. */
export interface ThroughputRow {
  readonly model: string;
  readonly preset: string;
  readonly parameters: number;
  readonly batch: number;
  readonly warmup: number;
  /** Step times in milliseconds. */
  readonly stepMs: Stats;
  /** Images per second at the median, fastest and slowest step. */
  readonly imagesPerSecond: { readonly median: number; readonly min: number; readonly max: number };
  /** FLOPs of one training step (bench/flops.ts), and the GFLOP/s at the median step. */
  readonly flopsPerStep: number;
  readonly gflopsPerSecond: number;
  /** Share of the step's FLOPs in matrix products and convolutions. */
  readonly gemmShare: number;
}

/** Measures one zoo model's training step on the current backend. */
export const throughput = async (name: string, preset: string, batch: number, warmup: number, runs: number): Promise<ThroughputRow> => {
  const spec = E.getOrElseW((message: string) => {
    throw new Error(`bench: ${message}`);
  })(buildZooModel(name, preset, binaryImages));
  const trainer = dslTrainer(spec, batch, 7);
  try {
    const flops = await stepFlops(trainer.step);
    const stepMs = statsOf(await stepTimes(trainer.step, warmup, runs));
    const perSecond = (ms: number): number => (1000 * batch) / ms;
    return {
      model: name,
      preset,
      parameters: trainer.parameters,
      batch,
      warmup,
      stepMs,
      imagesPerSecond: { median: perSecond(stepMs.median), min: perSecond(stepMs.max), max: perSecond(stepMs.min) },
      flopsPerStep: flops.total,
      gflopsPerSecond: flops.total / (stepMs.median * 1e6),
      gemmShare: flops.gemmShare,
    };
  } finally {
    trainer.dispose();
  }
};
