/**
 * The training configuration: plain, JSON-serializable data saved in every
 * checkpoint, so that a resumed run rebuilds the same objective, optimizer
 * and schedules. `trainConfig` fills the defaults of the option table
 * (options.ts): the paper's optimizer (appendix C: Adamax, learning rate
 * 2e-3), batch 48, EMA weights, and the plain ELBO as objective (free bits,
 * which the paper trains with, is `--objective free-bits`).
 */
import { configFromOptions, defaultOptimizer } from './options.js';
import { configureObjective, describeObjective } from './objective-table.js';

export { defaultOptimizer, describeObjective };

/** Which bound the optimizer maximizes. */
export type ObjectiveConfig =
  | { readonly kind: 'elbo' }
  | {
      readonly kind: 'free-bits';
      /** Nats per group (or a total budget spread over the groups). */
      readonly lambda: number | { readonly total: number };
      readonly groupBy: 'node' | 'dimension';
      readonly over: 'batch' | 'datapoint';
      /** After this step the floor drops to 0 (the paper's fine-tuning with lambda = 0); absent: never. */
      readonly until?: number;
    }
  | { readonly kind: 'iwae'; readonly k: number }
  /**
   * Semi-supervised M2 (appendix B): `labelled` training examples keep their
   * label and `labelledBatch` of them fill the first rows of every batch
   * (absent: a third of the batch); `alpha` weighs log q(y | x) on them
   * (m2.ts; absent: defaultAlpha(N, labelled) = 0.1 N / labelled, N the
   * training set size, filled in when a run starts).
   */
  | { readonly kind: 'm2'; readonly alpha?: number; readonly labelled: number; readonly labelledBatch?: number };

/**
 * The optimizer and its learning-rate schedule: lr * decay^t, scaled by
 * min(1, (t + 1) / warmup) during the first `warmup` updates (decay 1 and
 * warmup 0 keep it constant).
 */
export interface OptimizerConfig {
  readonly name: 'adamax' | 'adam';
  readonly lr: number;
  readonly decay: number;
  readonly warmup: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/** Everything that decides a training run, given the model and the data. */
export interface TrainConfig {
  readonly seed: number;
  readonly steps: number;
  readonly batchSize: number;
  readonly objective: ObjectiveConfig;
  /** Steps of linear KL warm-up (0: none). */
  readonly warmupSteps: number;
  readonly optimizer: OptimizerConfig;
  /** EMA decay of the evaluation weights (0 copies the weights every step). */
  readonly emaDecay: number;
  /** Global gradient-norm clip (0: no clipping). */
  readonly clipNorm: number;
  /** Steps between log records. */
  readonly logEvery: number;
  /** Consecutive skipped (non-finite) steps after which training stops with an error (absent in old checkpoints: the default). */
  readonly maxSkipped?: number;
  /** Steps between validation bounds in the log records (0 or absent: none; validation.ts). */
  readonly evalEvery?: number;
}

/** A full configuration from a partial one; unset fields take the option table's defaults (ELBO, batch 48, EMA 0.999, clip 0). */
export const trainConfig = (partial: Partial<Omit<TrainConfig, 'optimizer'>> & { optimizer?: Partial<OptimizerConfig> } = {}): TrainConfig => {
  const base = configFromOptions({}, partial.objective ?? configureObjective('elbo'));
  const given = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const optimizer = Object.fromEntries(Object.entries(partial.optimizer ?? {}).filter(([, v]) => v !== undefined));
  return { ...base, ...given, optimizer: { ...base.optimizer, ...optimizer } } as TrainConfig;
};
