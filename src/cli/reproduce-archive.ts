/**
 * The archive of `strata reproduce`: what the results need of a finished
 * run (its log.jsonl for the plots, its figures as run.json, the records of
 * its evaluations), kept in results/NAME/archive/RUN beside the results. The
 * run folders (runs/reproduce/NAME, checkpoints of tens of MB) are not kept
 * with the code, so a later session on a fresh checkout, or another
 * machine, finds each finished run here and trains and evaluates only the
 * rest: an experiment's budget may be spent over several sessions, one run
 * at a time. Files are written atomically; a run is archived only after its
 * last evaluation.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvalFigures, RunFigures } from '../experiments/figures.js';
import { evalKey, type EvalPlan, type RunPlan } from '../experiments/plan.js';
import { writeFileAtomic } from '../report/write-file.js';

/** The archive folder of run `id` in the results folder `results`. */
export const archiveDir = (results: string, id: string): string => join(results, 'archive', id);

/** The archived record of evaluation `e` in `archive`. */
const archivedRecordPath = (e: EvalPlan, archive: string): string => join(archive, 'reproduce', `${evalKey(e)}.json`);

/** The JSON in `path`, or undefined when it is missing or does not parse. */
export const readJson = <T>(path: string): T | undefined => {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
};

/** A finished run as archived: its figures and its evaluations' records, keyed by {@link evalKey}. */
export interface ArchivedRun {
  readonly figures: RunFigures;
  readonly records: Readonly<Record<string, EvalFigures>>;
}

/**
 * The archive of `run` in `archive` when it is complete for the plan: its
 * step reached the run's budget and every evaluation in `evaluations` has a
 * record of that step; undefined otherwise (the run is then trained and
 * evaluated as usual).
 */
export const archivedRun = (run: RunPlan, evaluations: readonly EvalPlan[], archive: string): ArchivedRun | undefined => {
  const figures = readJson<RunFigures>(join(archive, 'run.json'));
  if (figures === undefined || !(figures.step >= run.steps) || !existsSync(join(archive, 'log.jsonl'))) return undefined;
  const records: Record<string, EvalFigures> = {};
  for (const e of evaluations) {
    const record = readJson<EvalFigures>(archivedRecordPath(e, archive));
    if (record === undefined || record.step !== figures.step || record.result === undefined) return undefined;
    records[evalKey(e)] = record;
  }
  return { figures, records };
};

/** Archives the finished run in `dir` into `archive`: its log, `figures` and the `records` of its evaluations (keyed by {@link evalKey}). */
export const archiveRun = (dir: string, archive: string, figures: RunFigures, evaluations: readonly EvalPlan[], records: Readonly<Record<string, EvalFigures>>): void => {
  mkdirSync(join(archive, 'reproduce'), { recursive: true });
  writeFileAtomic(join(archive, 'log.jsonl'), readFileSync(join(dir, 'log.jsonl'), 'utf8'));
  for (const e of evaluations) {
    const record = records[evalKey(e)];
    if (record !== undefined) writeFileAtomic(archivedRecordPath(e, archive), `${JSON.stringify(record, null, 1)}\n`);
  }
  writeFileAtomic(join(archive, 'run.json'), `${JSON.stringify(figures, null, 1)}\n`);
};
