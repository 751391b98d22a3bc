/**
 * Training in one call, for library users: validate a spec, load the data
 * set, train with the given configuration and, when `out` is given, write
 * log.jsonl and checkpoints there exactly as `strata train` does (so
 * `strata eval/sample/plot out` work on the result).
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { datasetBatcher, loadDataset, type LoadedDataset } from '../datasets/index.js';
import type { ModelSpec } from '../dsl/spec.js';
import { validate } from '../dsl/validate.js';
import { saveCheckpoint } from './checkpoint.js';
import { trainConfig } from './config.js';
import { appendRecord } from './log.js';
import { train, type TrainSummary } from './loop.js';
import type { LogRecord } from './record.js';
import { createTrainState, disposeTrainState, type TrainState } from './state.js';

/** What `fit` trains on and where it writes. */
export interface FitOptions {
  /** A data set name (`listDatasets()`) or a loaded data set. */
  readonly data: string | LoadedDataset;
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
}

/** The trained state (the caller disposes it with `disposeTrainState`) and what training did. */
export interface FitResult {
  readonly state: TrainState;
  readonly summary: TrainSummary;
}

/**
 * Trains `spec` on `options.data`; Left with a message for an invalid spec,
 * an unloadable data set, an `out` that already holds a run (unless
 * `overwrite`), or a failure while training (the state is then disposed).
 */
export const fit = async (spec: ModelSpec, options: FitOptions): Promise<E.Either<string, FitResult>> => {
  const model = validate(spec);
  if (E.isLeft(model)) return E.left(`invalid model: ${model.left.map((e) => `${e.node}: ${e.message}`).join('; ')}`);
  const loaded = typeof options.data === 'string' ? loadDataset(options.data) : E.right(options.data);
  if (E.isLeft(loaded)) return E.left(`${loaded.left.message}`);
  const data = loaded.right;
  const { out } = options;
  const existing = out === undefined ? [] : ['log.jsonl', 'checkpoints'].filter((f) => existsSync(join(out, f)));
  if (existing.length > 0 && options.overwrite !== true) {
    return E.left(`fit: ${out} already holds a run (${existing.join(', ')}); pass overwrite: true to replace it`);
  }
  const state = createTrainState(model.right, trainConfig(options.config));
  try {
    const batcher = datasetBatcher(data, 'train', { batchSize: state.config.batchSize, seed: state.config.seed });
    for (const f of existing) rmSync(join(out!, f), { recursive: true, force: true });
    const summary = await train(state, batcher, {
      dimension: data.descriptor.dimension,
      checkpointEvery: options.checkpointEvery,
      onLog: (record) => {
        if (out !== undefined) appendRecord(join(out, 'log.jsonl'), record);
        options.onLog?.(record);
      },
      onCheckpoint: async (st) => {
        if (out !== undefined) await saveCheckpoint(out, st, { model: 'custom', data: data.descriptor.name });
      },
    });
    return E.right({ state, summary });
  } catch (e) {
    disposeTrainState(state);
    return E.left(`fit: ${e instanceof Error ? e.message : String(e)}`);
  }
};
