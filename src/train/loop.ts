/**
 * The training loop: from the state's step and batch position up to a
 * target step, one guarded step per batch, a log record every
 * `config.logEvery` steps (and at every multiple of `config.evalEvery`,
 * whose record the run gives a validation bound) and a checkpoint hook every `checkpointEvery`.
 * Step s draws its noise from deriveSeed(config.seed, s), so a run resumed
 * from a checkpoint takes exactly the steps an uninterrupted run takes.
 * A record's `lr` is the rate the interval's last step applied. After
 * `config.maxSkipped` consecutive skipped (non-finite) steps the run stops
 * without a checkpoint (the last one saved stays the last good one) and
 * the summary says where it diverged.
 */
import * as tf from '@tensorflow/tfjs';
import type { Batcher } from '../datasets/batcher.js';
import { deriveSeed } from '../random/prng.js';
import { stepBatch } from './batch.js';
import { objectiveOf, samplesFor, type Objective } from './objective.js';
import { trainOptions } from './options.js';
import { intervalRecord, type LogRecord } from './record.js';
import { nextPosition, type TrainState } from './state.js';
import { trainStep, type StepContext, type StepStats } from './step.js';
import { validationDue } from './validation.js';

/** Optional callbacks and overrides of a training run. */
export interface TrainHooks {
  /** Stop after this step (default `config.steps`). */
  readonly until?: number;
  /** Replaces the configured objective (tests inject faults with it). */
  readonly objective?: Objective;
  /** Data dimension, for bits/dim in the records. */
  readonly dimension?: number;
  /** Backend name written into the records. */
  readonly backend?: string;
  /** Clock in milliseconds (default performance.now). */
  readonly now?: () => number;
  readonly onStep?: (stats: StepStats, state: TrainState) => void | Promise<void>;
  readonly onLog?: (record: LogRecord, state: TrainState) => void | Promise<void>;
  /** Steps between `onCheckpoint` calls (0 or absent: only at the end). */
  readonly checkpointEvery?: number;
  readonly onCheckpoint?: (state: TrainState) => void | Promise<void>;
  /** Polled after each step, after yielding to the event loop (so signal handlers run): true ends the run early, with a checkpoint. */
  readonly shouldStop?: () => boolean;
  /** Data-parallel training (src/distributed): spread into every step's context (averaged gradients, agreed values, global batch means). */
  readonly step?: Pick<StepContext, 'reduceGradients' | 'agreeValues' | 'meanOverBatch'>;
  /** Data-parallel training: this rank's trace seed for the single-process seed of a step (default: itself). */
  readonly seedOf?: (seed: number) => number;
  /** Data-parallel training: ranks N; each batch row counts N images in the log (the global rate). Default 1. */
  readonly ranks?: number;
}

/** What a call to `train` did. */
export interface TrainSummary {
  readonly steps: number;
  readonly skipped: number;
  readonly seconds: number;
  readonly imagesPerSec: number;
  readonly last?: LogRecord;
  /** Set when the run stopped after `config.maxSkipped` consecutive skipped steps. */
  readonly diverged?: Divergence;
}

/** Where a run diverged: the step it stopped at and the last finite loss (undefined when no step of this call had one). */
export interface Divergence {
  readonly step: number;
  readonly skipped: number;
  readonly lastFiniteLoss?: number;
  readonly lastFiniteStep?: number;
}

/** The default of `config.maxSkipped` (the option table's). */
export const DEFAULT_MAX_SKIPPED = trainOptions['max-skipped'].spec.default as number;

/** One line describing a divergence. */
export const describeDivergence = (d: Divergence): string =>
  `training diverged: ${d.skipped} consecutive non-finite steps up to step ${d.step}; last finite loss ${d.lastFiniteLoss === undefined ? 'none in this run' : `${d.lastFiniteLoss} at step ${d.lastFiniteStep}`}; the last checkpoint saved before it is kept (lower --lr or set --clip)`;

/** The per-step trace seed of a run. */
export const stepSeed = (seed: number, step: number): number => deriveSeed(seed, 0x7a11, step);

/** Trains `state` in place on `batcher` until the target step; resolves with a summary. */
export const train = async (state: TrainState, batcher: Batcher, hooks: TrainHooks = {}): Promise<TrainSummary> => {
  const { config, model } = state;
  const until = hooks.until ?? config.steps;
  const now = hooks.now ?? (() => performance.now());
  const ctx = { model, params: state.params, ema: state.ema, optimizer: state.optimizer, samples: samplesFor(config.objective), emaDecay: config.emaDecay, clipNorm: config.clipNorm, ...hooks.step };
  const seedOf = hooks.seedOf ?? ((seed: number): number => seed);
  const ranks = hooks.ranks ?? 1;
  const started = now();
  let intervalStart = started;
  let interval: StepStats[] = [];
  let images = 0;
  let totalImages = 0;
  let last: LogRecord | undefined;
  const firstStep = state.step;
  const maxSkipped = config.maxSkipped ?? DEFAULT_MAX_SKIPPED;
  let consecutive = 0;
  let finite: { loss: number; step: number } | undefined;
  let diverged: Divergence | undefined;
  while (state.step < until) {
    const data = batcher.batchAt(state.position.epoch, state.position.index);
    const { batch, layout } = await stepBatch(model, data, config.objective.kind === 'm2');
    const objective = hooks.objective ?? objectiveOf(config.objective, config.warmupSteps, layout);
    const lr = state.optimizer.learningRate();
    const stats = await trainStep({ ...ctx, objective }, batch, state.step + 1, seedOf(stepSeed(config.seed, state.step + 1)));
    tf.dispose([...Object.values(batch), ...[data.x, data.y, data.labelled].filter((t): t is tf.Tensor => t !== undefined)]);
    state.step += 1;
    state.position = nextPosition(state.position, batcher.batchesPerEpoch);
    if (stats.skipped) state.skipped += 1;
    consecutive = stats.skipped ? consecutive + 1 : 0;
    if (!stats.skipped) finite = { loss: stats.loss, step: stats.step };
    if (consecutive >= maxSkipped) diverged = { step: state.step, skipped: consecutive, ...(finite === undefined ? {} : { lastFiniteLoss: finite.loss, lastFiniteStep: finite.step }) };
    images += data.size * ranks;
    totalImages += data.size * ranks;
    interval.push(stats);
    await hooks.onStep?.(stats, state);
    if (hooks.shouldStop !== undefined) await new Promise((resolve) => setImmediate(resolve));
    const stop = hooks.shouldStop?.() ?? false;
    if (state.step % config.logEvery === 0 || validationDue(state.step, config.evalEvery) || state.step === until || stop || diverged !== undefined) {
      const t = now();
      last = intervalRecord(interval, { lr, skippedTotal: state.skipped, images, seconds: (t - intervalStart) / 1000, dimension: hooks.dimension, backend: hooks.backend, time: new Date().toISOString() });
      await hooks.onLog?.(last, state);
      interval = [];
      images = 0;
      intervalStart = t;
    }
    if (diverged !== undefined) break;
    const every = hooks.checkpointEvery ?? 0;
    if ((every > 0 && state.step % every === 0) || state.step === until || stop) await hooks.onCheckpoint?.(state);
    if (stop) break;
  }
  const seconds = (now() - started) / 1000;
  return { steps: state.step - firstStep, skipped: state.skipped, seconds, imagesPerSec: seconds > 0 ? totalImages / seconds : 0, ...(last === undefined ? {} : { last }), ...(diverged === undefined ? {} : { diverged }) };
};
