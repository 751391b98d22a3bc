/**
 * The types of the training configuration: plain, JSON-serializable data
 * saved in every checkpoint (the objective, the optimizer and its schedule,
 * batch, EMA, clipping, logging). Types only, so that the option and
 * objective tables can name them without importing config.ts, which builds
 * configurations from those tables.
 */
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
