/**
 * `strata smoke`: reports the backend choice and trains the tiny VAE on
 * MNIST for a few steps in memory, printing each log record: a check that
 * an installation works end to end.
 */
import * as E from 'fp-ts/lib/Either.js';
import { datasetBatcher } from '../datasets/index.js';
import { buildZooModel } from '../models/index.js';
import { trainConfig } from '../train/config.js';
import { formatRecord } from '../train/log.js';
import { train } from '../train/loop.js';
import { createTrainState, disposeTrainState } from '../train/state.js';
import { backendFlag, useBackend } from './backend.js';
import { numberFlag, optionalString, runError, type Command } from './command.js';
import { dataShapeOf, openDataset } from './dataset.js';
import { validated } from './model-source.js';

/** `strata smoke`. */
export const smokeCommand: Command = {
  name: 'smoke',
  summary: 'report the backend and train a tiny VAE on MNIST for a few steps',
  usage: 'strata smoke [--steps 20] [--backend wasm]',
  flags: { steps: { kind: 'int', min: 1, max: 100000, help: 'steps to train', default: '20' }, ...backendFlag },
  run: async (args, io) => {
    const backend = await useBackend(optionalString(args, 'backend'), io);
    if (E.isLeft(backend)) return backend.left;
    io.out(`backend: ${backend.right}`);
    const data = openDataset('mnist-dyn');
    if (E.isLeft(data)) return data.left;
    const spec = buildZooModel('vae', 'tiny', dataShapeOf(data.right));
    if (E.isLeft(spec)) return runError(spec.left);
    const model = validated(spec.right, 'vae', 'smoke');
    if (E.isLeft(model)) return model.left;
    const steps = numberFlag(args, 'steps', 20);
    const state = createTrainState(model.right.model, trainConfig({ steps, batchSize: 32, logEvery: Math.max(1, Math.floor(steps / 4)) }));
    try {
      const summary = await train(state, datasetBatcher(data.right, 'train', { batchSize: 32, seed: 1 }), {
        dimension: data.right.descriptor.dimension,
        backend: backend.right,
        onLog: (r) => io.out(formatRecord(r)),
      });
      io.out(`smoke ok: ${summary.steps} steps, ${summary.imagesPerSec.toFixed(1)} images/s, ${summary.skipped} skipped`);
      return summary.last !== undefined && Number.isFinite(summary.last.elbo) ? undefined : runError('the ELBO is not finite');
    } finally {
      disposeTrainState(state);
    }
  },
};
