/**
 * The `strata train` flags that set the training configuration, derived
 * from the option table (src/train/options.ts) and the objective table
 * (src/train/objective-table.ts): their domains, defaults and --help text
 * come from there, so the CLI and `fit` accept and refuse the same values.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { TrainConfig } from '../train/config.js';
import { objectiveFromOptions, objectiveOptions } from '../train/objective-table.js';
import { checkConfig, configFromOptions, trainOptions } from '../train/options.js';
import { usageError, type CliError } from './command.js';
import type { FlagSpec, ParsedArgs } from './flags.js';

/** The configuration flags: the objective and its options, then every training option. */
export const configFlags: Readonly<Record<string, FlagSpec>> = {
  ...objectiveOptions,
  ...Object.fromEntries(Object.entries(trainOptions).map(([name, o]) => [name, { ...o.spec, help: `${o.spec.help}${o.onResume === 'apply' ? '' : ' (fixed on --resume)'}` }])),
};

/** The configuration flags given on the command line, by name. */
export const givenOptions = (args: ParsedArgs): Record<string, unknown> =>
  Object.fromEntries(Object.keys(configFlags).filter((n) => args.flags[n] !== undefined).map((n) => [n, args.flags[n]]));

/** The training configuration of a new run from the flags (absent ones take the table's defaults). */
export const configOf = (args: ParsedArgs): E.Either<CliError, TrainConfig> => {
  const given = givenOptions(args);
  const objective = objectiveFromOptions(given);
  if (E.isLeft(objective)) return E.left(usageError(objective.left));
  const config = checkConfig(configFromOptions(given, objective.right));
  return E.isLeft(config) ? E.left(usageError(config.left)) : config;
};
