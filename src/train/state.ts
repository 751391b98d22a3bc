/**
 * The whole state of a training run: model, weights, EMA weights, optimizer
 * moments, step, data position and skipped-step count. Everything random in
 * a step derives from (config.seed, step) and the batch position, so this
 * state (with the config) is all a checkpoint needs to continue exactly.
 */
import type { BatchPosition } from '../datasets/batcher.js';
import type { Model } from '../dsl/model.js';
import { disposeParams, initParams, type ParamStore } from '../dsl/params.js';
import type { TrainConfig } from './config-types.js';
import { createEma } from './ema.js';
import { createOptimizer, type Optimizer } from './optimizer.js';

/** A training run in memory. `step` counts the steps taken (skipped ones included). */
export interface TrainState {
  readonly config: TrainConfig;
  readonly model: Model;
  readonly params: ParamStore;
  readonly ema: ParamStore;
  readonly optimizer: Optimizer;
  step: number;
  position: BatchPosition;
  skipped: number;
}

/** A fresh run: weights from `config.seed`, EMA equal to them, zero moments, step 0. */
export const createTrainState = (model: Model, config: TrainConfig): TrainState => {
  const params = initParams(model, config.seed);
  return {
    config,
    model,
    params,
    ema: createEma(params),
    optimizer: createOptimizer(config.optimizer),
    step: 0,
    position: { epoch: 0, index: 0 },
    skipped: 0,
  };
};

/** The batch position after `position` in epochs of `batchesPerEpoch` batches. */
export const nextPosition = (position: BatchPosition, batchesPerEpoch: number): BatchPosition =>
  position.index + 1 < batchesPerEpoch ? { epoch: position.epoch, index: position.index + 1 } : { epoch: position.epoch + 1, index: 0 };

/** Frees every tensor of the run. */
export const disposeTrainState = (state: TrainState): void => {
  disposeParams(state.params);
  disposeParams(state.ema);
  state.optimizer.dispose();
};
