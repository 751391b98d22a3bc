/**
 * Opening a run folder for eval, sample, plot and score: the latest
 * checkpoint, verified, its spec validated and its state restored. A
 * missing folder or a corrupt checkpoint is one run error line (exit 1).
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Checkpoint } from '../train/checkpoint.js';
import { loadCheckpoint } from '../train/checkpoint.js';
import { restoreTrainState } from '../train/resume.js';
import type { TrainState } from '../train/state.js';
import { validate } from '../dsl/validate.js';
import { useBackend } from './backend.js';
import { optionalString, runError, usageError, type CliError, type CliIO } from './command.js';
import type { ParsedArgs } from './flags.js';

/** A restored run: its checkpoint and training state (the caller disposes the state). */
export interface OpenRun {
  readonly dir: string;
  readonly checkpoint: Checkpoint;
  readonly state: TrainState;
}

/** The run in `dir` (the first positional argument). */
export const openRun = (dir: string | undefined): E.Either<CliError, OpenRun> => {
  if (dir === undefined) return E.left(usageError('missing the run folder argument (e.g. runs/NAME)'));
  const checkpoint = loadCheckpoint(dir);
  if (E.isLeft(checkpoint)) return E.left(runError(checkpoint.left));
  const model = validate(checkpoint.right.manifest.spec);
  if (E.isLeft(model)) return E.left(runError(`${checkpoint.right.folder}: the saved spec is invalid: ${model.left.map((e) => e.message).join('; ')}`));
  const state = restoreTrainState(model.right, checkpoint.right);
  return E.isLeft(state) ? E.left(runError(state.left)) : E.right({ dir, checkpoint: checkpoint.right, state: state.right });
};

/** A string fact of the run's metadata, or `fallback`. */
export const metaString = (run: OpenRun, key: string, fallback: string): string => {
  const v = run.checkpoint.manifest.meta[key];
  return typeof v === 'string' ? v : fallback;
};

/** Activates the backend (`--backend`, STRATA_BACKEND, auto), then opens the run named by the first positional argument. */
export const openRunOnBackend = async (args: ParsedArgs, io: CliIO): Promise<E.Either<CliError, OpenRun>> => {
  const backend = await useBackend(optionalString(args, 'backend'), io);
  return E.isLeft(backend) ? backend : openRun(args.positional[0]);
};
