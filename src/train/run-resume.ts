/**
 * What `--resume` (and `fit`'s `resume`) may change: the saved
 * configuration with the given options that the option table marks
 * `apply` (steps, learning-rate schedule, clipping, EMA decay, warm-up,
 * logging, divergence limit, objective), refusing every given option it
 * marks `refuse` (batch, seed, optimizer) by name. And the backend a
 * resumed run continues on: the recorded one unless another is asked for.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { TrainConfig } from './config.js';
import { objectiveFromOptions, objectiveOptions } from './objective-table.js';
import { checkConfig, trainOptions } from './options.js';

const setField = (config: TrainConfig, field: string, value: unknown): TrainConfig => {
  const [head, tail] = field.split('.');
  if (tail === undefined) return { ...config, [head]: value };
  return { ...config, [head]: { ...(config[head as keyof TrainConfig] as object), [tail]: value } };
};

/**
 * The configuration of a resumed run: `saved` with the `given` option
 * values (by flag name, already checked against their domains) applied.
 * Objective options without `objective` keep the saved kind, except the
 * free-bits floor options, which switch to free bits (e.g. `free-bits 0`
 * fine-tunes); options the new objective does not give keep the saved ones. Left naming every refused
 * option, or the first value the result fails.
 */
export const resumeConfig = (saved: TrainConfig, given: Readonly<Record<string, unknown>>): E.Either<string, TrainConfig> => {
  const names = Object.keys(given).filter((n) => given[n] !== undefined);
  const refused = names.filter((n) => trainOptions[n]?.onResume === 'refuse');
  if (refused.length > 0) {
    return E.left(`${refused.map((n) => `--${n}`).join(', ')}: cannot change on --resume (the run's batch, seed and optimizer are fixed; start a new run with --overwrite)`);
  }
  let config = names.filter((n) => trainOptions[n] !== undefined).reduce((c, n) => setField(c, trainOptions[n].field, given[n]), saved);
  if (names.some((n) => objectiveOptions[n] !== undefined)) {
    const objective = objectiveFromOptions(given, saved.objective.kind, saved.objective);
    if (E.isLeft(objective)) return objective;
    config = { ...config, objective: objective.right };
  }
  return checkConfig(config);
};

/** The backend a resumed run uses and the line saying so. */
export interface ResumeBackend {
  /** The backend to request (undefined: the usual choice, from STRATA_BACKEND or auto). */
  readonly request?: string;
  readonly note: string;
}

/** The recorded backend unless `requested` names one; the note says which and why. */
export const resumeBackend = (recorded: string | undefined, requested: string | undefined): ResumeBackend => {
  if (requested !== undefined) {
    return { request: requested, note: recorded === undefined || recorded === requested ? `resume: backend ${requested}` : `resume: backend ${requested} as asked (the run was trained on ${recorded}; results may differ in the last bits)` };
  }
  if (recorded === undefined) return { note: 'resume: the run recorded no backend; choosing one as for a new run' };
  return { request: recorded, note: `resume: backend ${recorded}, as recorded by the run (--backend to change)` };
};
