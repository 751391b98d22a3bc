/**
 * The training configuration: plain, JSON-serializable data saved in every
 * checkpoint, so that a resumed run rebuilds the same objective, optimizer
 * and schedules. `trainConfig` fills the paper's defaults (appendix C:
 * Adamax, learning rate 2e-3, batch 48, free bits, EMA weights).
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
   * label and `labelledBatch` of them fill the first rows of every batch;
   * `alpha` weighs log q(y | x) on them (m2.ts; absent: defaultAlpha(N, labelled)
   * = 0.1 N / labelled, N the training set size, filled in by `strata train`).
   */
  | { readonly kind: 'm2'; readonly alpha?: number; readonly labelled: number; readonly labelledBatch: number };

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
}

/** The paper's optimizer: Adamax, lr 2e-3, betas 0.9 / 0.999, no decay, no warm-up. */
export const defaultOptimizer: OptimizerConfig = { name: 'adamax', lr: 2e-3, decay: 1, warmup: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/** A full configuration from a partial one: ELBO, batch 48, EMA 0.999, clip 0 unless given. */
export const trainConfig = (partial: Partial<Omit<TrainConfig, 'optimizer'>> & { optimizer?: Partial<OptimizerConfig> } = {}): TrainConfig => ({
  seed: partial.seed ?? 1,
  steps: partial.steps ?? 1000,
  batchSize: partial.batchSize ?? 48,
  objective: partial.objective ?? { kind: 'elbo' },
  warmupSteps: partial.warmupSteps ?? 0,
  optimizer: { ...defaultOptimizer, ...partial.optimizer },
  emaDecay: partial.emaDecay ?? 0.999,
  clipNorm: partial.clipNorm ?? 0,
  logEvery: partial.logEvery ?? 50,
});

/** One line naming the objective, e.g. `free-bits(lambda=2, node, batch)`. */
export const describeObjective = (o: ObjectiveConfig): string => {
  if (o.kind === 'elbo') return 'elbo';
  if (o.kind === 'iwae') return `iwae(k=${o.k})`;
  if (o.kind === 'm2') return `m2(alpha=${o.alpha ?? '0.1 N / N_l'}, ${o.labelled} labelled, ${o.labelledBatch} per batch)`;
  const lambda = typeof o.lambda === 'number' ? `lambda=${o.lambda}` : `total=${o.lambda.total}`;
  return `free-bits(${lambda}, ${o.groupBy}, ${o.over}${o.until === undefined ? '' : `, 0 after step ${o.until}`})`;
};
