/** Starting the tfjs backend for a command: `--backend`, then STRATA_BACKEND, then auto; the choice reported once on stderr. */
import * as E from 'fp-ts/lib/Either.js';
import { backendNames, startBackend } from '../backend/index.js';
import type { FlagSpec } from './flags.js';
import { usageError, type CliError, type CliIO } from './command.js';

/** The `--backend` flag every computing command takes. */
export const backendFlag: Record<string, FlagSpec> = {
  backend: { kind: 'string', help: `tfjs backend: ${backendNames.join(', ')} (or STRATA_BACKEND)`, default: 'auto' },
};

/** Activates the backend; resolves to its name or a usage error. */
export const useBackend = async (flag: string | undefined, io: CliIO): Promise<E.Either<CliError, string>> => {
  const choice = await startBackend(flag, io.env, io.err);
  return E.isLeft(choice) ? E.left(usageError(choice.left)) : E.right(choice.right.name);
};
