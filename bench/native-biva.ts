/**
 * The BIVA workload of `npm run bench:native -- --biva`: one training
 * step of the paper's binary-image BIVA (presets.paper; dense nets, or
 * convolutional ResNet blocks with `conv`), batch 48 of 28x28x1, through
 * strata's own trainer (createTrainState + trainStep, Adamax). Builds the
 * model on the current backend; random binary data, seeded.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { validate } from '../src/dsl/validate.js';
import { biva, presets } from '../src/models/index.js';
import { modelBatch } from '../src/train/batch.js';
import { trainConfig } from '../src/train/config.js';
import { objectiveOf, samplesFor } from '../src/train/objective.js';
import { createTrainState } from '../src/train/state.js';
import { trainStep } from '../src/train/step.js';
import type { BenchModel } from './conv-net.js';

/** The BIVA training step as a bench model with its parameter count; `conv` selects the convolutional nets. */
export const bivaStep = (conv: boolean) => (seed: number): BenchModel & { readonly parameters: number } => {
  const { conv: blocks, ...dense } = presets.paper;
  const model = validate(biva({ shape: [28, 28, 1], likelihood: 'bernoulli' },
    conv ? { ...dense, conv: blocks } : dense));
  if (E.isLeft(model)) throw new Error(`bench: invalid BIVA spec: ${JSON.stringify(model.left)}`);
  const config = trainConfig({ batchSize: 48, seed });
  const state = createTrainState(model.right, config);
  const x = tf.tidy(() => tf.randomUniform([48, 784], 0, 1, 'float32', seed).greater(0.7).toFloat());
  const batch = modelBatch(model.right, { x });
  const ctx = {
    model: model.right, params: state.params, ema: state.ema, optimizer: state.optimizer,
    samples: samplesFor(config.objective), emaDecay: config.emaDecay, clipNorm: config.clipNorm,
    objective: objectiveOf(config.objective, config.warmupSteps),
  };
  let step = 0;
  return {
    parameters: [...state.params.values()].reduce((n, p) => n + p.size, 0),
    step: async () => {
      step += 1;
      return (await trainStep(ctx, batch, step, seed + step)).loss;
    },
    dispose: () => {
      tf.dispose([x, ...Object.values(batch), ...state.params.values(), ...state.ema.values()]);
      state.optimizer.dispose();
    },
  };
};
