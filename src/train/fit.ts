/**
 * Training in one call, for library users: validate a spec, load the data
 * set, and train through the same run module as `strata train` (run.ts):
 * the same option checks, batcher (M2's labelled mask included), log.jsonl
 * and checkpoints in `out` (so `strata eval/sample/plot out` work on the
 * result), the same divergence stop and the same resume.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { loadDataset, type LoadedDataset } from '../datasets/index.js';
import type { ModelSpec } from '../dsl/spec.js';
import { validate } from '../dsl/validate.js';
import { trainConfig } from './config.js';
import type { TrainSummary } from './loop.js';
import { configureObjective, objectiveEntry, objectiveNames, type ObjectiveName } from './objective-table.js';
import type { LogRecord } from './record.js';
import { executeRun, openResume, prepareNewRun, prepareResume, type PreparedRun, type RunFailure } from './run.js';
import { disposeTrainState, type TrainState } from './state.js';
import { finishWorld, openDistributed, type DistributedRun } from '../distributed/distributed-run.js';
import { perRankBatchSize } from '../distributed/shard.js';
import { agreeAny } from '../distributed/step-hooks.js';

/** What `fit` trains on and where it writes. */
export interface FitOptions {
  /** A data set name (`listDatasets()`) or a loaded data set. */
  readonly data: string | LoadedDataset;
  /** The objective by name, with its options' defaults (the objective table); `config.objective` gives it in full instead. */
  readonly objective?: ObjectiveName;
  /** The configuration; unset fields take `trainConfig`'s defaults. */
  readonly config?: Parameters<typeof trainConfig>[0];
  /** Run folder for log.jsonl and checkpoints (none when absent). */
  readonly out?: string;
  /** Steps between checkpoints (default: only at the end). */
  readonly checkpointEvery?: number;
  /** Called with every log record. */
  readonly onLog?: (record: LogRecord) => void;
  /** Replace a run already in `out` (its log and checkpoints are deleted); without it such an `out` is a Left. */
  readonly overwrite?: boolean;
  /**
   * Continue the run in `out` from its checkpoint (its spec, data order and
   * weights; `spec` is then ignored); the `config` fields that may change on
   * resume (options.ts) are applied, the others are a Left.
   */
  readonly resume?: boolean;
  /** Polled after every step: true stops the run with a checkpoint (a Left `interrupted`). */
  readonly shouldStop?: () => boolean;
  /**
   * 'mpi': data-parallel over the ranks of `mpirun -np N` (every rank calls
   * fit with the same options; `config.batchSize` is the global batch, N
   * must divide it; rank 0 alone writes `out` and gets `onLog`; every rank
   * gets the same trained state). MPI is finalized when fit returns. Left
   * when not started by mpirun or the addon is missing; a failure of one
   * rank alone aborts the whole job (MPI_Abort) rather than hang.
   */
  readonly distributed?: 'mpi';
  /** With `distributed`: steps between checks that the ranks' parameters are identical (default 100). */
  readonly syncEvery?: number;
}

/** The trained state (the caller disposes it with `disposeTrainState`) and what training did. */
export interface FitResult {
  readonly state: TrainState;
  readonly summary: TrainSummary;
}

/** The option values (by flag name) a partial configuration gives, for resuming. */
const givenOptions = (partial: FitOptions['config'], objective: ObjectiveName | undefined): Record<string, unknown> => {
  const p = partial ?? {};
  const o = p.optimizer ?? {};
  const given: Record<string, unknown> = {
    steps: p.steps, batch: p.batchSize, seed: p.seed, warmup: p.warmupSteps, optimizer: o.name, lr: o.lr, 'lr-decay': o.decay, 'lr-warmup': o.warmup,
    ema: p.emaDecay, clip: p.clipNorm, 'log-every': p.logEvery, 'max-skipped': p.maxSkipped, 'eval-every': p.evalEvery,
    objective: p.objective?.kind ?? objective,
    ...(p.objective === undefined ? {} : (objectiveEntry(p.objective.kind).values as (c: typeof p.objective) => Record<string, unknown>)(p.objective)),
  };
  return Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
};

/**
 * Trains `spec` on `options.data`; Left with one line for an invalid spec,
 * an unloadable data set, an option outside its domain (naming the field
 * and its CLI flag), an `out` that already holds a run (unless `overwrite`
 * or `resume`), divergence, interruption or a failure while training (the
 * state is then disposed).
 */
export const fit = async (spec: ModelSpec, options: FitOptions): Promise<E.Either<string, FitResult>> => {
  const loaded = typeof options.data === 'string' ? loadDataset(options.data) : E.right(options.data);
  if (E.isLeft(loaded)) return E.left(`${loaded.left.message}`);
  const data = loaded.right;
  let d: DistributedRun | undefined;
  if (options.distributed !== undefined) {
    if (options.distributed !== 'mpi') return E.left(`fit: distributed: expected 'mpi', got '${String(options.distributed)}'`);
    const opened = openDistributed(undefined, options.syncEvery);
    if (!opened.ok) return E.left(`fit: ${opened.message}`);
    d = opened.run;
  }
  const result = await fitRun(spec, options, data, d);
  if (d !== undefined) finishWorld(d, E.isLeft(result) ? result.left : { agreed: true });
  return E.isLeft(result) ? E.left(result.left.message) : result;
};

/** A failure of `fitRun`; `agreed` when every rank of a distributed run failed alike (else the job is aborted). */
interface FitFailure {
  readonly message: string;
  readonly agreed: boolean;
}

/** The run `fit` asks for (new or resumed); Left with one line. */
const prepareFit = (spec: ModelSpec, options: FitOptions, data: LoadedDataset): E.Either<string, PreparedRun> => {
  const { out } = options;
  let prepared: E.Either<RunFailure, PreparedRun>;
  if (options.resume === true) {
    if (out === undefined) return E.left('fit: resume needs out, the run folder to continue');
    const checkpoint = openResume(out);
    if (E.isLeft(checkpoint)) return E.left(`fit: ${checkpoint.left.message}`);
    prepared = prepareResume({ checkpoint: checkpoint.right, data, out, given: givenOptions(options.config, options.objective) });
  } else {
    const model = validate(spec);
    if (E.isLeft(model)) return E.left(`invalid model: ${model.left.map((e) => `${e.node}: ${e.message}`).join('; ')}`);
    if (options.objective !== undefined && !objectiveNames.includes(options.objective)) return E.left(`fit: objective: expected one of ${objectiveNames.join(', ')}, got '${String(options.objective)}'`);
    const objective = options.config?.objective ?? (options.objective === undefined ? undefined : configureObjective(options.objective));
    const config = trainConfig({ ...options.config, ...(objective === undefined ? {} : { objective }) });
    prepared = prepareNewRun({ model: model.right, config, data, meta: { model: 'custom', data: data.descriptor.name }, out, overwrite: options.overwrite, words: { out: 'out', resume: 'resume: true', overwrite: 'overwrite: true' } });
  }
  return E.isLeft(prepared) ? E.left(`fit: ${prepared.left.message}`) : prepared;
};

/** `fit` after the data set and the world: prepare (agreed across ranks), check the batch, train. */
const fitRun = async (spec: ModelSpec, options: FitOptions, data: LoadedDataset, d: DistributedRun | undefined): Promise<E.Either<FitFailure, FitResult>> => {
  const fail = (message: string, agreed = true): E.Either<FitFailure, never> => E.left({ message, agreed });
  const prepared = prepareFit(spec, options, data);
  if (d !== undefined && agreeAny(d.world, E.isLeft(prepared)) && E.isRight(prepared)) {
    disposeTrainState(prepared.right.state);
    return fail(`fit: rank ${d.world.rank}: another MPI rank failed to prepare the run`);
  }
  if (E.isLeft(prepared)) return fail(prepared.left);
  const run = prepared.right;
  if (d !== undefined) {
    try {
      perRankBatchSize(run.state.config.batchSize, d.world.size);
    } catch (e) {
      disposeTrainState(run.state);
      return fail(`fit: distributed: ${(e as Error).message}`);
    }
  }
  const result = await executeRun(run, {
    ...(d === undefined ? {} : { distributed: d }),
    checkpointEvery: options.checkpointEvery,
    backend: tf.getBackend(),
    onLog: (record) => options.onLog?.(record),
    ...(options.shouldStop === undefined ? {} : { shouldStop: options.shouldStop }),
  });
  if (E.isLeft(result)) {
    disposeTrainState(run.state);
    return fail(`fit: ${result.left.message}`, result.left.kind !== 'run');
  }
  return E.right({ state: run.state, summary: result.right });
};
