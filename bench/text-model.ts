/**
 * The text workload of issue 18: one training step of the zoo's
 * `biva-lstm` (BIVA features feeding an LSTM decoder over word tokens,
 * appendix D) through strata's own trainer (createTrainState + trainStep,
 * Adamax, default flags), on seeded random sentences shaped as the Brown
 * corpus (strata datasets 'brown': 41 tokens, 20,004 words with PAD = 0,
 * lengths uniform in 5..41 then PAD). Builds the model on the current backend.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { categorical, embedding, lstm, model, normal, parameterCount, prior, type ModelSpec } from '../src/dsl/index.js';
import { validate } from '../src/dsl/validate.js';
import { buildZooModel, type DataShape } from '../src/models/index.js';
import { prng } from '../src/random/prng.js';
import { modelBatch } from '../src/train/batch.js';
import { trainConfig } from '../src/train/config.js';
import { objectiveOf, samplesFor } from '../src/train/objective.js';
import { createTrainState } from '../src/train/state.js';
import { trainStep } from '../src/train/step.js';
import type { BenchModel } from './conv-net.js';

/** The Brown corpus as the zoo sees it (src/datasets/registry.ts). */
export const brownShape: DataShape = { shape: [41], likelihood: 'categorical-tokens', vocabulary: 20004 };

/** `batch` seeded sentences [batch, T]: ids in 2..V-1, lengths uniform in 5..T, PAD (0) after. */
export const randomSentences = (batch: number, data: DataShape, seed: number): tf.Tensor2D => {
  const steps = data.shape[0];
  const vocabulary = data.vocabulary ?? 2;
  const rng = prng(seed);
  const ids = new Float32Array(batch * steps);
  for (let b = 0; b < batch; b++) {
    const length = 5 + Math.floor(rng.next() * (steps - 4));
    for (let t = 0; t < length; t++) ids[b * steps + t] = 2 + Math.floor(rng.next() * (vocabulary - 2));
  }
  return tf.tensor2d(ids, [batch, steps]);
};

/** The share of positions of sentences [batch, T] that are not PAD (0): the rows the PAD skip keeps. */
export const nonPadShare = (x: tf.Tensor2D): number => {
  const ids = Array.from(x.dataSync());
  return ids.filter((id) => id !== 0).length / ids.length;
};

/**
 * The sentence VAE of bench/pytorch-text.py in the DSL: z [latent] with
 * q(z | x) an embedding (E per token) and one ELU layer of 64 units, and
 * p(x | z) the LSTM decoder (E, H) reading z at every step; p(z) = N(0, I).
 */
export const sentenceVae = (embed: number, hidden: number, latent: number): ModelSpec =>
  model<string>()
    .observed('x', categorical(brownShape.vocabulary ?? 0, brownShape.shape, { padId: 0 }))
    .latent('z', normal([latent]))
    .p('z', prior)
    .p('x', ['z'], lstm({ embed, hidden, bos: 1 }))
    .q('z', ['x'], embedding(brownShape.vocabulary ?? 0, embed, [64]))
    .spec;

/** The training step of `spec` on Brown-shaped sentences (strata's trainer, default flags) as a bench model. */
export const textStep = (spec: ModelSpec, batch: number) => (seed: number): BenchModel & { readonly parameters: number } => {
  const model = validate(spec);
  if (E.isLeft(model)) throw new Error(`bench: invalid text spec: ${JSON.stringify(model.left)}`);
  const config = trainConfig({ batchSize: batch, seed });
  const state = createTrainState(model.right, config);
  const x = randomSentences(batch, brownShape, seed);
  const data = modelBatch(model.right, { x });
  const ctx = {
    model: model.right, params: state.params, ema: state.ema, optimizer: state.optimizer,
    samples: samplesFor(config.objective), emaDecay: config.emaDecay, clipNorm: config.clipNorm,
    objective: objectiveOf(config.objective, config.warmupSteps),
  };
  let step = 0;
  const skipsPad = spec.nodes.some((n) => 'dist' in n && n.dist.family === 'categorical' && n.dist.padId !== undefined);
  return {
    parameters: parameterCount(state.params),
    keptRowShare: skipsPad ? nonPadShare(x) : 1,
    step: async () => {
      step += 1;
      return (await trainStep(ctx, data, step, seed + step)).loss;
    },
    dispose: () => {
      tf.dispose([x, ...Object.values(data), ...state.params.values(), ...state.ema.values()]);
      state.optimizer.dispose();
    },
  };
};

/**
 * `spec` with the PAD id taken off its Categorical nodes: every position is
 * scored, so the decoder's output layer and the cross-entropy run over every
 * row, as before issue 18's PAD skip (the same kernels as main at 754d405:
 * StrataAffine and StrataSoftmaxXent over all rows), for a comparison in one
 * process. Its loss differs (PAD positions are scored); its cost is the old one.
 */
export const withoutPadSkip = (spec: ModelSpec): ModelSpec => ({
  ...spec,
  nodes: spec.nodes.map((n) => ('dist' in n && n.dist.family === 'categorical' && n.dist.padId !== undefined
    ? { ...n, dist: categorical(n.dist.classes, n.dist.shape) } : n)),
});

/** A zoo text model's (`name`, `preset`) training step, batch `batch`, as a bench model (every row scored when `allRows`). */
export const zooTextStep = (name: string, preset: string, batch: number, allRows = false) => (seed: number): BenchModel & { readonly parameters: number } => {
  const spec = buildZooModel(name, preset, brownShape);
  if (E.isLeft(spec)) throw new Error(`bench: ${spec.left}`);
  return textStep(allRows ? withoutPadSkip(spec.right) : spec.right, batch)(seed);
};

/** The zoo's biva-lstm (`preset`) training step, batch `batch`, as a bench model (every row scored when `allRows`). */
export const bivaLstmStep = (preset: string, batch: number, allRows = false): ((seed: number) => BenchModel & { readonly parameters: number }) =>
  zooTextStep('biva-lstm', preset, batch, allRows);
