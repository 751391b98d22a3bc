/**
 * A training state rebuilt from a verified checkpoint: weights, EMA weights,
 * optimizer moments and iteration count, step, batch position and skipped
 * count, with the checkpoint's configuration (optionally with more steps).
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { decodeParamsInto } from '../dsl/params.js';
import type { Model } from '../dsl/model.js';
import type { Checkpoint } from './checkpoint.js';
import type { TrainConfig } from './config.js';
import { createTrainState, disposeTrainState, type TrainState } from './state.js';

/** The run of `checkpoint` for `model`; `config` overrides the saved configuration (e.g. more steps). */
export const restoreTrainState = (model: Model, checkpoint: Checkpoint, config?: TrainConfig): E.Either<string, TrainState> => {
  const { manifest, data, folder } = checkpoint;
  const state = createTrainState(model, config ?? manifest.config);
  const fail = (what: string, problems: string[]): E.Either<string, TrainState> => {
    disposeTrainState(state);
    return E.left(`${folder}: ${what} do not fit the model: ${problems.slice(0, 3).join('; ')}`);
  };
  const weights = decodeParamsInto(state.params, manifest.files.weights.specs, data.weights);
  if (E.isLeft(weights)) return fail('weights', weights.left);
  const ema = decodeParamsInto(state.ema, manifest.files.ema.specs, data.ema);
  if (E.isLeft(ema)) return fail('EMA weights', ema.left);
  const moments = tf.io.decodeWeights(data.optimizer, manifest.files.optimizer.specs);
  state.optimizer.restore(manifest.optimizerIterations, moments);
  tf.dispose(Object.values(moments));
  state.step = manifest.step;
  state.position = manifest.position;
  state.skipped = manifest.skipped;
  return E.right(state);
};
