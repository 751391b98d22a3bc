/**
 * The training configuration: plain, JSON-serializable data saved in every
 * checkpoint, so that a resumed run rebuilds the same objective, optimizer
 * and schedules. `trainConfig` fills the defaults of the option table
 * (options.ts): the paper's optimizer (appendix C: Adamax, learning rate
 * 2e-3), batch 48, EMA weights, and the plain ELBO as objective (free bits,
 * which the paper trains with, is `--objective free-bits`).
 */
import type { OptimizerConfig, TrainConfig } from './config-types.js';
import { configureObjective, describeObjective } from './objective-table.js';
import { configFromOptions, defaultOptimizer } from './options.js';

export type { ObjectiveConfig, OptimizerConfig, TrainConfig } from './config-types.js';
export { defaultOptimizer, describeObjective };

/** A full configuration from a partial one; unset fields take the option table's defaults (ELBO, batch 48, EMA 0.999, clip 0). */
export const trainConfig = (partial: Partial<Omit<TrainConfig, 'optimizer'>> & { optimizer?: Partial<OptimizerConfig> } = {}): TrainConfig => {
  const base = configFromOptions({}, partial.objective ?? configureObjective('elbo'));
  const given = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const optimizer = Object.fromEntries(Object.entries(partial.optimizer ?? {}).filter(([, v]) => v !== undefined));
  return { ...base, ...given, optimizer: { ...base.optimizer, ...optimizer } } as TrainConfig;
};
