/**
 * `strata sample runs/NAME`: two PNG grids with the EMA weights:
 * samples.png (means of p(x | z) for z drawn from the prior, top down) and
 * reconstructions.png (pairs of rows: test images, then the means of
 * p(x | z) for z ~ q(z | x)).
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { datasetBatcher } from '../datasets/index.js';
import { writeFileAtomic } from '../report/index.js';
import { priorSampleGrid, reconstructionGrid } from '../train/artifacts.js';
import { modelBatch } from '../train/batch.js';
import { disposeTrainState } from '../train/state.js';
import { backendFlag } from './backend.js';
import { numberFlag, runError, type Command } from './command.js';
import { openDataset } from './dataset.js';
import { metaString, openRunOnBackend } from './run-folder.js';
import { seedDomain } from '../train/options.js';

/** `strata sample`. */
export const sampleCommand: Command = {
  name: 'sample',
  summary: 'PNG grids of prior samples and of reconstructions',
  usage: 'strata sample runs/NAME [--n 64] [--seed 1]',
  flags: {
    n: { kind: 'int', min: 1, help: 'number of samples (and of reconstructions)', default: '64' },
    seed: { ...seedDomain, help: 'seed of the draws', default: 1 },
    ...backendFlag,
  },
  run: async (args, io) => {
    const run = await openRunOnBackend(args, io);
    if (E.isLeft(run)) return run.left;
    const { state, dir } = run.right;
    try {
      const loaded = openDataset(metaString(run.right, 'data', 'mnist-dyn'));
      if (E.isLeft(loaded)) return loaded.left;
      const d = loaded.right.descriptor;
      if (d.kind !== 'image') return runError(`sample draws images; '${d.name}' is a text data set`);
      const [h, w] = d.shape;
      const range: [number, number] = d.likelihood === 'bernoulli' ? [0, 1] : [0, 255];
      const n = numberFlag(args, 'n', 64);
      const seed = numberFlag(args, 'seed', 1);
      const format = { height: h, width: w, range };
      writeFileAtomic(join(dir, 'samples.png'), await priorSampleGrid(state.model, state.ema, n, seed, format));
      const half = Math.max(1, Math.ceil(n / 2));
      const columns = Math.ceil(Math.sqrt(2 * half));
      const rows = Math.ceil(half / columns);
      const count = rows * columns;
      const data = datasetBatcher(loaded.right, 'test', { batchSize: count, seed, shuffle: false }).batchAt(0, 0);
      const batch = tf.tidy(() => modelBatch(state.model, data));
      writeFileAtomic(join(dir, 'reconstructions.png'), await reconstructionGrid(state.model, state.ema, batch, rows, columns, seed, format));
      tf.dispose([...Object.values(batch), ...[data.x, data.y, data.labelled].filter((t): t is tf.Tensor => t !== undefined)]);
      io.out(`wrote ${join(dir, 'samples.png')} (${n} prior samples) and ${join(dir, 'reconstructions.png')} (${count} test images, each row followed by its reconstructions)`);
      return undefined;
    } finally {
      disposeTrainState(state);
    }
  },
};
