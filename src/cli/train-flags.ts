/**
 * The training configuration from `strata train` flags: objective (elbo,
 * free bits with lambda and granularity, iwae-k, m2), optimizer, schedules;
 * and, for `--resume`, which saved settings the given flags replace.
 */
import * as E from 'fp-ts/lib/Either.js';
import { trainConfig, type ObjectiveConfig, type TrainConfig } from '../train/config.js';
import { numberFlag, stringFlag, usageError, type CliError } from './command.js';
import type { ParsedArgs } from './flags.js';

/** The objective the flags ask for: --objective, else free-bits when --free-bits is given, else `fallback`. */
const objectiveOf = (args: ParsedArgs, fallback: ObjectiveConfig['kind']): E.Either<CliError, ObjectiveConfig> => {
  const kind = stringFlag(args, 'objective', args.flags['free-bits'] !== undefined || args.flags['finetune-after'] !== undefined ? 'free-bits' : fallback);
  if (kind === 'elbo') return E.right({ kind });
  if (kind === 'iwae') {
    const k = numberFlag(args, 'k', 5);
    return Number.isInteger(k) && k >= 1 ? E.right({ kind, k }) : E.left(usageError(`--k: expected a positive integer, got ${k}`));
  }
  if (kind === 'free-bits') {
    const lambda = numberFlag(args, 'free-bits', 2);
    const groupBy = stringFlag(args, 'free-bits-group', 'node');
    const over = stringFlag(args, 'free-bits-over', 'batch');
    if (lambda < 0) return E.left(usageError(`--free-bits: lambda must be >= 0 nats, got ${lambda}`));
    if (groupBy !== 'node' && groupBy !== 'dimension') return E.left(usageError(`--free-bits-group: expected node or dimension, got '${groupBy}'`));
    if (over !== 'batch' && over !== 'datapoint') return E.left(usageError(`--free-bits-over: expected batch or datapoint, got '${over}'`));
    const until = args.flags['finetune-after'];
    return E.right({ kind, lambda, groupBy, over, ...(typeof until === 'number' ? { until } : {}) });
  }
  if (kind === 'm2') {
    const labelled = numberFlag(args, 'labelled', 100);
    const labelledBatch = numberFlag(args, 'labelled-batch', Math.max(1, Math.floor(numberFlag(args, 'batch', 48) / 3)));
    const alpha = args.flags.alpha === undefined ? {} : { alpha: numberFlag(args, 'alpha', 0) };
    if (alpha.alpha !== undefined && !(alpha.alpha >= 0)) return E.left(usageError(`--alpha: expected a number >= 0, got ${alpha.alpha}`));
    return labelled >= 1 ? E.right({ kind, ...alpha, labelled, labelledBatch }) : E.left(usageError(`--labelled: expected a positive integer, got ${labelled}`));
  }
  return E.left(usageError(`--objective: expected elbo, free-bits, iwae or m2, got '${kind}'`));
};

/** The training configuration the flags ask for (defaults: the paper's Adamax, batch 48, ELBO). */
export const configOf = (args: ParsedArgs, fallbackObjective: ObjectiveConfig['kind'] = 'elbo'): E.Either<CliError, TrainConfig> => {
  const objective = objectiveOf(args, fallbackObjective);
  if (E.isLeft(objective)) return objective;
  const optimizer = stringFlag(args, 'optimizer', 'adamax');
  if (optimizer !== 'adamax' && optimizer !== 'adam') return E.left(usageError(`--optimizer: expected adamax or adam, got '${optimizer}'`));
  const steps = numberFlag(args, 'steps', 1000);
  const batchSize = numberFlag(args, 'batch', 48);
  if (steps < 1 || batchSize < 1) return E.left(usageError('--steps and --batch must be positive'));
  return E.right(
    trainConfig({
      seed: numberFlag(args, 'seed', 1),
      steps,
      batchSize,
      objective: objective.right,
      warmupSteps: numberFlag(args, 'warmup', 0),
      optimizer: { name: optimizer, lr: numberFlag(args, 'lr', 2e-3), decay: numberFlag(args, 'lr-decay', 1), warmup: numberFlag(args, 'lr-warmup', 0) },
      emaDecay: numberFlag(args, 'ema', 0.999),
      clipNorm: numberFlag(args, 'clip', 0),
      logEvery: numberFlag(args, 'log-every', 50),
    }),
  );
};

/**
 * The configuration of a resumed run: the saved one, with the step target,
 * the objective (e.g. fine-tuning with free bits 0 after free bits 2) and
 * the learning rate replaced when their flags are given (an objective flag
 * without --objective keeps the saved kind).
 */
export const resumedConfig = (saved: TrainConfig, args: ParsedArgs): E.Either<CliError, TrainConfig> => {
  const parsed = configOf(args, saved.objective.kind);
  if (E.isLeft(parsed)) return parsed;
  const flags = parsed.right;
  const given = (name: string): boolean => args.flags[name] !== undefined;
  const objective = ['objective', 'free-bits', 'finetune-after', 'free-bits-group', 'free-bits-over', 'k', 'alpha', 'labelled', 'labelled-batch'].some(given);
  return E.right({
    ...saved,
    ...(given('steps') ? { steps: flags.steps } : {}),
    ...(objective ? { objective: flags.objective } : {}),
    ...(given('lr') ? { optimizer: { ...saved.optimizer, lr: flags.optimizer.lr } } : {}),
  });
};
