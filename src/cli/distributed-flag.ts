/**
 * `--distributed mpi` for `strata train` and `strata eval`: the flags, the
 * MPI world started before the backend works (a usage error, exit 2, when
 * the process was not started by mpirun or the addon is missing), the
 * console of a rank (only rank 0 prints), and the end of the world when the
 * command returns (MPI_Abort of the whole job when one rank failed alone, so
 * no rank waits forever). See README "Distributed training".
 */
import * as E from 'fp-ts/lib/Either.js';
import { DEFAULT_SYNC_EVERY, finishWorld, openDistributed, type DistributedRun } from '../distributed/distributed-run.js';
import { agreeAny } from '../distributed/step-hooks.js';
import { isWriter } from '../distributed/world.js';
import { usageError, type CliError, type CliIO } from './command.js';
import type { FlagSpec, ParsedArgs } from './flags.js';

/** `--distributed` (both commands). */
export const distributedFlag: Readonly<Record<string, FlagSpec>> = {
  distributed: { kind: 'string', choices: ['mpi'], help: 'data-parallel over the ranks of `mpirun -np N` (Open MPI and `npm run build:mpi`); --batch is the global batch, N must divide it; rank 0 writes and prints', default: 'off' },
};

/** `--sync-every` (train only). */
export const syncEveryFlag: Readonly<Record<string, FlagSpec>> = {
  'sync-every': { kind: 'int', min: 1, help: '--distributed: steps between checks that the ranks\' parameters are identical (a hash compared across ranks; also after the last step)', default: DEFAULT_SYNC_EVERY },
};

/** The world of `--distributed mpi` (undefined without the flag) and the console this rank uses. */
export const openWorld = (args: ParsedArgs, io: CliIO): E.Either<CliError, { d?: DistributedRun; io: CliIO }> => {
  if (args.flags.distributed === undefined) return E.right({ io });
  const opened = openDistributed(undefined, (args.flags['sync-every'] as number | undefined) ?? DEFAULT_SYNC_EVERY, io.env as NodeJS.ProcessEnv);
  if (!opened.ok) return E.left(usageError(opened.message));
  const d = opened.run;
  const quiet: CliIO = { ...io, out: () => undefined, err: () => undefined };
  return E.right({ d, io: isWriter(d.world) ? io : quiet });
};

/**
 * Agrees whether any rank failed to prepare (collective): a failure on
 * another rank becomes this rank's error too, so all stop together.
 */
export const agreePrepared = <A>(d: DistributedRun | undefined, prepared: E.Either<CliError, A>): E.Either<CliError, A> => {
  if (d === undefined) return prepared;
  const anyFailed = agreeAny(d.world, E.isLeft(prepared));
  return anyFailed && E.isRight(prepared) ? E.left({ code: 1, message: `rank ${d.world.rank}: another MPI rank failed to prepare the run (its message is above)` }) : prepared;
};

/**
 * Ends the world with the command's outcome: MPI_Finalize when it succeeded
 * or failed on every rank alike (`agreed`), MPI_Abort otherwise. Returns
 * `error` (the command's result).
 */
export const closeWorld = (d: DistributedRun | undefined, error: CliError | undefined, agreed: boolean): CliError | undefined => {
  if (d !== undefined) finishWorld(d, { agreed: error === undefined || agreed, ...(error === undefined ? {} : { code: error.code, message: error.message }) });
  return error;
};
