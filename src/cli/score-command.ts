/**
 * `strata score runs/NAME --data fashion-mnist --vs mnist-dyn --k-layers 0,2`:
 * per-example L^{>k} on the test splits of two data sets with the EMA
 * weights, a histogram PNG per k (the paper's Figure 4) and the AUROC of
 * telling the `--vs` examples (positives, scored by -L^{>k}) from the
 * `--data` ones; written to runs/NAME/scores.json.
 */
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { datasetBatcher, type LoadedDataset } from '../datasets/index.js';
import { partialPriorSet } from '../inference/objectives/partial-prior.js';
import { auroc, histogramPng, writeFileAtomic } from '../report/index.js';
import { modelBatches } from '../train/batch.js';
import { scoreExamples } from '../train/evaluation.js';
import { disposeTrainState } from '../train/state.js';
import { backendFlag } from './backend.js';
import { intsFlag, numberFlag, optionalString, stringFlag, usageError, type Command } from './command.js';
import { openDataset } from './dataset.js';
import { metaString, openRunOnBackend } from './run-folder.js';

/** `strata score`. */
export const scoreCommand: Command = {
  name: 'score',
  summary: 'L^{>k} per example on two data sets: histograms and AUROC',
  usage: 'strata score runs/NAME --data fashion-mnist --vs mnist-dyn --k-layers 0,2,4 [--k 10] [--limit 1000]',
  flags: {
    data: { kind: 'string', help: 'in-distribution data set', default: "the run's" },
    vs: { kind: 'string', help: 'out-of-distribution data set', default: 'mnist-dyn' },
    'k-layers': { kind: 'ints', help: 'k of L^{>k}: layers resampled from the prior', default: '0' },
    k: { kind: 'int', min: 1, help: 'importance samples per score', default: '10' },
    limit: { kind: 'int', min: 1, help: 'test examples per data set', default: '1000' },
    batch: { kind: 'int', min: 1, help: 'examples per batch', default: '100' },
    seed: { kind: 'int', help: 'seed', default: '1' },
    ...backendFlag,
  },
  run: async (args, io) => {
    const inName = optionalString(args, 'data');
    const vsName = stringFlag(args, 'vs', 'mnist-dyn');
    const run = await openRunOnBackend(args, io);
    if (E.isLeft(run)) return run.left;
    const { state, dir } = run.right;
    try {
      const inData = openDataset(inName ?? metaString(run.right, 'data', 'mnist-dyn'));
      if (E.isLeft(inData)) return inData.left;
      const vsData = openDataset(vsName, '--vs');
      if (E.isLeft(vsData)) return vsData.left;
      const layers = intsFlag(args, 'k-layers', [0]);
      const sets = layers.map((k) => partialPriorSet(state.model, k));
      const bad = sets.find(E.isLeft);
      if (bad !== undefined && E.isLeft(bad)) return usageError(`--k-layers: ${bad.left}`);
      const limit = numberFlag(args, 'limit', 1000);
      const seed = numberFlag(args, 'seed', 1);
      const scoresOf = (data: LoadedDataset, resample: ReadonlySet<string>): Float32Array =>
        scoreExamples(state.model, state.ema, modelBatches(state.model, datasetBatcher(data, 'test', { batchSize: numberFlag(args, 'batch', 100), seed, shuffle: false, lastBatch: 'keep' }), limit), {
          k: numberFlag(args, 'k', 10),
          seed,
          resample,
        });
      const results: { k: number; auroc: number; inMean: number; vsMean: number }[] = [];
      for (const [i, k] of layers.entries()) {
        const resample = (sets[i] as E.Right<ReadonlySet<string>>).right;
        const a = scoresOf(inData.right, resample);
        const b = scoresOf(vsData.right, resample);
        const area = auroc(b.map((v) => -v), a.map((v) => -v));
        const mean = (xs: Float32Array): number => xs.reduce((s, v) => s + v, 0) / xs.length;
        results.push({ k, auroc: area, inMean: mean(a), vsMean: mean(b) });
        const png = await histogramPng(
          [
            { name: inData.right.descriptor.name, values: a },
            { name: vsData.right.descriptor.name === inData.right.descriptor.name ? `${vsName} (--vs)` : vsData.right.descriptor.name, values: b },
          ],
          { title: `L>${k} per test example (AUROC ${area.toFixed(3)})`, xLabel: `L>${k} (nats)` },
        );
        writeFileAtomic(join(dir, `score-k${k}.png`), png);
        io.out(`L>${k}: mean ${mean(a).toFixed(2)} (${inData.right.descriptor.name}) vs ${mean(b).toFixed(2)} (${vsData.right.descriptor.name}), AUROC ${area.toFixed(4)}, ${join(dir, `score-k${k}.png`)}`);
      }
      writeFileAtomic(join(dir, 'scores.json'), `${JSON.stringify({ step: state.step, data: inData.right.descriptor.name, vs: vsName, results }, null, 1)}\n`);
      return undefined;
    } finally {
      disposeTrainState(state);
    }
  },
};
