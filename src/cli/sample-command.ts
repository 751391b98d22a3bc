/**
 * `strata sample runs/NAME`, with the EMA weights. Images: two PNG grids,
 * samples.png (means of p(x | z) for z drawn from the prior, top down) and
 * reconstructions.png (pairs of rows: test images, then the means of
 * p(x | z) for z ~ q(z | x)). Text: sentences drawn from the prior, each
 * ending at its first EOS (PAD and BOS never printed), written to
 * samples.txt, one a line, and printed; an allocation failure (all n are
 * drawn at once) is one line naming --n, exit 1.
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { datasetBatcher, EOS, type LoadedTextDataset } from '../datasets/index.js';
import type { Model } from '../dsl/model.js';
import type { ParamStore } from '../dsl/params.js';
import { generate } from '../inference/generate.js';
import { readKept } from '../inference/read.js';
import { writeFileAtomic } from '../report/index.js';
import { priorSampleGrid, reconstructionGrid } from '../train/artifacts.js';
import { modelBatch } from '../train/batch.js';
import { isAllocationFailure } from '../train/allocation-failure.js';
import { disposeTrainState } from '../train/state.js';
import { backendFlag } from './backend.js';
import { numberFlag, runError, type Command } from './command.js';
import { openDataset } from './dataset.js';
import { metaString, openRunOnBackend } from './run-folder.js';
import { seedDomain } from '../train/options.js';
import { sentenceLines } from './text-rows.js';

/** `n` sentences drawn from the prior of a text model, cut at EOS, as text lines. */
export const sampleSentences = async (model: Model, params: ParamStore, data: LoadedTextDataset, n: number, seed: number): Promise<string[]> => {
  const [observed] = model.observed;
  const g = generate(model, params, { n, seed, eos: EOS });
  tf.dispose([...g.means.values(), ...[...g.samples].filter(([name]) => name !== observed).map(([, t]) => t)]);
  return sentenceLines(data.vocabulary, await readKept(g.samples.get(observed)!), data.descriptor.shape[0]);
};

/** `strata sample`. */
export const sampleCommand: Command = {
  name: 'sample',
  summary: 'PNG grids of prior samples and of reconstructions (images), or sampled sentences (text)',
  usage: 'strata sample runs/NAME [--n 64] [--seed 1]',
  flags: {
    n: { kind: 'int', min: 1, help: 'number of samples (and of reconstructions, for images)', default: '64' },
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
      const n = numberFlag(args, 'n', 64);
      const seed = numberFlag(args, 'seed', 1);
      if (loaded.right.kind === 'text') {
        let lines: string[];
        try {
          lines = await sampleSentences(state.model, state.ema, loaded.right, n, seed);
        } catch (e) {
          if (!isAllocationFailure(e)) throw e;
          return runError(`${dir}: out of memory drawing ${n} sentences at once (${(e instanceof Error ? e.message : String(e)).split('\n')[0]}); lower --n (now ${n})`);
        }
        writeFileAtomic(join(dir, 'samples.txt'), lines.map((l) => `${l}\n`).join(''));
        for (const line of lines) io.out(line);
        io.out(`wrote ${join(dir, 'samples.txt')} (${n} sentences drawn from the prior, each ending at its first EOS)`);
        return undefined;
      }
      const d = loaded.right.descriptor;
      const [h, w] = d.shape;
      const range: [number, number] = d.likelihood === 'bernoulli' ? [0, 1] : [0, 255];
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
