/**
 * THE table of training options: every setting of a run besides the model,
 * the data and the objective, with its domain, its one default, the
 * configuration field it sets and whether `--resume` may change it. The
 * CLI's `strata train` flags, `trainConfig`'s defaults and `checkConfig`
 * (which `fit` and the CLI run before any work) derive from it.
 *
 * Resume policy: what only schedules the rest of the run may change on
 * resume (steps, learning-rate schedule, clipping, EMA decay, KL warm-up,
 * logging, the divergence limit, the objective and its options); what
 * defines the run's past or its data stream is refused (batch, seed,
 * optimizer; and in the CLI the model, spec, preset and data set).
 */
import * as E from 'fp-ts/lib/Either.js';
import type { OptimizerConfig, TrainConfig } from './config-types.js';
import { checkValue, type OptionSpec } from './domain.js';
import { objectiveEntry, objectiveOptions } from './objective-table.js';

/** Validation examples a logged bound covers (fewer when the split is smaller); see validation.ts. */
export const VALIDATION_EXAMPLES = 1000;

/** Seeds are 32-bit: every stream is derived from the seed modulo 2^32, so larger seeds are refused. */
export const MAX_SEED = 4294967295;

/** The largest batch size (a bigger batch is also refused when it exceeds the training split). */
export const MAX_BATCH = 65536;

/** The domain of every seed strata takes (training, evaluation, sampling, scoring): a 32-bit integer. */
export const seedDomain = { kind: 'int', min: 0, max: MAX_SEED } as const;

/** One training option: its domain and default, the field it sets, and what `--resume` does with it. */
export interface TrainOption {
  readonly spec: OptionSpec;
  /** The configuration field (dotted for the optimizer, e.g. `optimizer.lr`). */
  readonly field: string;
  readonly onResume: 'apply' | 'refuse';
}

/** Every training option by flag name. */
export const trainOptions: Readonly<Record<string, TrainOption>> = {
  steps: { field: 'steps', onResume: 'apply', spec: { kind: 'int', min: 1, max: 1e12, help: 'train until this step', default: 1000 } },
  batch: { field: 'batchSize', onResume: 'refuse', spec: { kind: 'int', min: 1, max: MAX_BATCH, help: 'batch size', default: 48 } },
  seed: { field: 'seed', onResume: 'refuse', spec: { ...seedDomain, help: 'seed of weights, data order and noise (32-bit: larger seeds would wrap)', default: 1 } },
  warmup: { field: 'warmupSteps', onResume: 'apply', spec: { kind: 'int', min: 0, help: 'steps of linear KL warm-up', default: 0 } },
  optimizer: { field: 'optimizer.name', onResume: 'refuse', spec: { kind: 'string', choices: ['adamax', 'adam'], help: 'adamax or adam', default: 'adamax' } },
  lr: { field: 'optimizer.lr', onResume: 'apply', spec: { kind: 'number', min: 0, exclusiveMin: true, help: 'learning rate', default: 0.002 } },
  'lr-decay': { field: 'optimizer.decay', onResume: 'apply', spec: { kind: 'number', min: 0, exclusiveMin: true, max: 1, help: 'learning-rate factor per step', default: 1 } },
  'lr-warmup': { field: 'optimizer.warmup', onResume: 'apply', spec: { kind: 'int', min: 0, help: 'updates of linear learning-rate warm-up', default: 0 } },
  ema: { field: 'emaDecay', onResume: 'apply', spec: { kind: 'number', min: 0, max: 1, exclusiveMax: true, help: 'EMA decay of the evaluation weights (0: copy the weights)', default: 0.999 } },
  clip: { field: 'clipNorm', onResume: 'apply', spec: { kind: 'number', min: 0, help: 'gradient-norm clip (0: none)', default: 0 } },
  'log-every': { field: 'logEvery', onResume: 'apply', spec: { kind: 'int', min: 1, help: 'steps per log record', default: 50 } },
  'eval-every': { field: 'evalEvery', onResume: 'apply', spec: { kind: 'int', min: 0, help: `steps between validation bounds in the log (0: none): L_1 of the EMA weights on the first ${VALIDATION_EXAMPLES} validation examples, seeded; costs one forward pass over them, about as much as ${VALIDATION_EXAMPLES} / (3 x batch) training steps`, default: 0 } },
  'max-skipped': { field: 'maxSkipped', onResume: 'apply', spec: { kind: 'int', min: 1, help: 'stop with an error after this many consecutive skipped (non-finite) steps', default: 20 } },
};

/** The flag names `--resume` applies (the objective's included). */
export const resumableOptions: readonly string[] = [...Object.keys(trainOptions).filter((n) => trainOptions[n].onResume === 'apply'), ...Object.keys(objectiveOptions)];

/** Configuration fields that checkpoints older than their option lack (the default then applies). */
const OPTIONAL_FIELDS = new Set(['maxSkipped', 'evalEvery']);

const get = (config: unknown, field: string): unknown => field.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], config);

/** The default of option `name`. */
const defaultOf = <T>(name: string): T => trainOptions[name].spec.default as T;

/** The paper's optimizer (appendix C): Adamax, lr 2e-3, betas 0.9 / 0.999, no decay, no warm-up. */
export const defaultOptimizer: OptimizerConfig = {
  name: defaultOf('optimizer'),
  lr: defaultOf('lr'),
  decay: defaultOf('lr-decay'),
  warmup: defaultOf('lr-warmup'),
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
};

/** The configuration of option values by flag name (absent ones take their defaults). */
export const configFromOptions = (values: Readonly<Record<string, unknown>>, objective: TrainConfig['objective']): TrainConfig => {
  const v = <T>(name: string): T => (values[name] ?? defaultOf(name)) as T;
  return {
    seed: v('seed'),
    steps: v('steps'),
    batchSize: v('batch'),
    objective,
    warmupSteps: v('warmup'),
    optimizer: { ...defaultOptimizer, name: v('optimizer'), lr: v('lr'), decay: v('lr-decay'), warmup: v('lr-warmup') },
    emaDecay: v('ema'),
    clipNorm: v('clip'),
    logEvery: v('log-every'),
    maxSkipped: v('max-skipped'),
    evalEvery: v('eval-every'),
  };
};

/**
 * Checks every option of `config` against its domain (the objective's
 * too); Left with one line naming the field and its flag.
 */
export const checkConfig = (config: TrainConfig): E.Either<string, TrainConfig> => {
  for (const [flag, option] of Object.entries(trainOptions)) {
    const value = get(config, option.field);
    if (value === undefined && OPTIONAL_FIELDS.has(option.field)) continue;
    const problem = checkValue(option.spec, value);
    if (problem !== undefined) return E.left(`${option.field} (--${flag}): ${problem}`);
  }
  const entry = objectiveEntry(config.objective.kind);
  if (entry === undefined) return E.left(`objective (--objective): ${checkValue(objectiveOptions.objective, config.objective.kind)}`);
  const values = (entry.values as (c: TrainConfig['objective']) => Readonly<Record<string, unknown>>)(config.objective);
  for (const [flag, value] of Object.entries(values)) {
    const problem = checkValue(objectiveOptions[flag], value);
    if (problem !== undefined) return E.left(`objective ${config.objective.kind} (--${flag}): ${problem}`);
  }
  return E.right(config);
};
