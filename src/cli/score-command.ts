/**
 * `strata score runs/NAME --vs mnist-dyn`: out-of-distribution scores with the
 * EMA weights (BIVA section 4.3; Havtorn et al. 2021). For the test split of
 * the in-distribution set (`--data`, default the run's) and of the `--vs` set
 * it computes, per example, L^{>k} for every k of `--k-layers` (default 0 and
 * every layer below the top) and LLR^{>k} = L^{>0} - L^{>k}, and reports
 * AUROC, AUPRC and FPR80 of each score with the `--vs` examples as the
 * positives. Everything goes to runs/NAME/scores/<data>-vs-<vs>-K<k>-n<limit>-seed<seed>/:
 * scores.json (the summary), examples.csv (every example's scores) and one
 * histogram per score; an existing folder is never overwritten unless
 * `--overwrite` is given. Batch and chunk come from the memory budget
 * (src/cli/eval-sizes.ts; at most 100 each) unless --batch / --chunk are
 * given, and are recorded in scores.json; an allocation failure is one line
 * naming them, exit 1, nothing written.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { datasetBatcher, type LoadedDataset } from '../datasets/index.js';
import { histogramPng, writeFileAtomic } from '../report/index.js';
import { anomalyScores, defaultScoreLayers, type AnomalyScore } from '../train/anomaly-scores.js';
import { modelBatches } from '../train/batch.js';
import { isAllocationFailure } from '../train/allocation-failure.js';
import { outOfMemoryMessage } from '../train/eval-budget.js';
import { budgetedSizes, sizesLine } from './eval-sizes.js';
import { disposeTrainState } from '../train/state.js';
import { backendFlag } from './backend.js';
import { boolFlag, intsFlag, numberFlag, optionalString, runError, stringFlag, usageError, type CliError, type Command } from './command.js';
import { openDataset } from './dataset.js';
import { metaString, openRunOnBackend } from './run-folder.js';
import { seedDomain } from '../train/options.js';

const mean = (xs: Float32Array): number => xs.reduce((s, v) => s + v, 0) / xs.length;

/**
 * The default out-of-distribution set of a run trained on `trained`: the
 * other of MNIST and Fashion-MNIST with the same binarization
 * (mnist-dyn <-> fashion-mnist, the -threshold and -8bit sets likewise).
 */
export const counterpart = (trained: string): string => {
  const pairs: Record<string, string> = {
    'mnist-dyn': 'fashion-mnist',
    'mnist-static': 'fashion-mnist-threshold',
    'mnist-threshold': 'fashion-mnist-threshold',
    'mnist-8bit': 'fashion-mnist-8bit',
  };
  const back = Object.fromEntries(Object.entries(pairs).filter(([k]) => k !== 'mnist-static').map(([k, v]) => [v, k]));
  return pairs[trained] ?? back[trained] ?? 'mnist-dyn';
};

/** A score name as a file name: 'LLR>2' -> 'LLR-gt-2'. */
const fileSafe = (name: string): string => name.replace('>', '-gt-');

/** Both sets must suit the likelihood of the data the run was trained on. */
const sameLikelihood = (trained: string, flag: string, data: LoadedDataset): CliError | undefined => {
  const run = openDataset(trained);
  if (E.isLeft(run)) return undefined;
  const want = run.right.descriptor.likelihood;
  const got = data.descriptor.likelihood;
  return want === got
    ? undefined
    : usageError(`${flag} ${data.descriptor.name}: its examples suit a ${got} likelihood, but the run's model was trained on ${trained} (${want}); score with a data set of the same likelihood`);
};

const examplesCsv = (scores: readonly AnomalyScore[], inName: string, vsName: string): string => {
  const header = ['set', 'dataset', 'index', ...scores.map((s) => s.name)].join(',');
  const rows = (set: 'in' | 'out', name: string, count: number): string[] =>
    Array.from({ length: count }, (_, i) =>
      [set === 'in' ? 'in-distribution' : 'out-of-distribution', name, i, ...scores.map((s) => (set === 'in' ? s.inDistribution : s.outOfDistribution)[i])].join(','),
    );
  return `${[header, ...rows('in', inName, scores[0].inDistribution.length), ...rows('out', vsName, scores[0].outOfDistribution.length)].join('\n')}\n`;
};

/** `strata score`. */
export const scoreCommand: Command = {
  name: 'score',
  summary: 'out-of-distribution scores L^{>k} and LLR^{>k} per example: AUROC, AUPRC, FPR80, histograms',
  usage: 'strata score runs/NAME --vs mnist-dyn [--data fashion-mnist] [--k-layers 0,1,2] [--k 10] [--limit 1000] [--overwrite]',
  flags: {
    data: { kind: 'string', help: 'in-distribution data set (its test split)', default: "the run's" },
    vs: { kind: 'string', help: 'out-of-distribution data set (its test split): the positives of AUROC', default: "Fashion-MNIST for an MNIST run, MNIST otherwise, binarized as the run's data" },
    'k-layers': { kind: 'ints', help: 'k of L^{>k} (layers 1..k resampled from the prior); LLR^{>k} for each k > 0', default: '0 and every layer below the top' },
    k: { kind: 'int', min: 1, help: 'importance samples per bound', default: '10' },
    limit: { kind: 'int', min: 1, help: 'test examples per data set', default: '1000' },
    batch: { kind: 'int', min: 1, help: 'examples per batch', default: 'from the memory budget, at most 100' },
    chunk: { kind: 'int', min: 1, help: 'importance samples per streaming chunk', default: 'from the memory budget, at most 100' },
    seed: { ...seedDomain, help: 'seed', default: 1 },
    overwrite: { kind: 'boolean', help: 'replace an existing scores folder with the same arguments' },
    ...backendFlag,
  },
  run: async (args, io) => {
    const run = await openRunOnBackend(args, io);
    if (E.isLeft(run)) return run.left;
    const { state, dir } = run.right;
    try {
      const trained = metaString(run.right, 'data', 'mnist-dyn');
      const inName = optionalString(args, 'data') ?? trained;
      const vsName = stringFlag(args, 'vs', counterpart(trained));
      if (inName === vsName) return usageError(`--vs ${vsName}: the out-of-distribution set must differ from the in-distribution one`);
      const inData = openDataset(inName);
      if (E.isLeft(inData)) return inData.left;
      const vsData = openDataset(vsName, '--vs');
      if (E.isLeft(vsData)) return vsData.left;
      const mismatch = sameLikelihood(trained, '--data', inData.right) ?? sameLikelihood(trained, '--vs', vsData.right);
      if (mismatch !== undefined) return mismatch;
      const layers = intsFlag(args, 'k-layers', defaultScoreLayers(state.model));
      const bad = layers.find((k) => k !== 0 && !state.model.layers.includes(k));
      if (bad !== undefined) return usageError(`--k-layers: layer ${bad} does not exist; the model's layers are 0 (none) or ${[...new Set(state.model.layers)].join(', ')}`);
      const k = numberFlag(args, 'k', 10);
      const limit = numberFlag(args, 'limit', 1000);
      const seed = numberFlag(args, 'seed', 1);
      const out = join(dir, 'scores', `${inName}-vs-${vsName}-K${k}-n${limit}-seed${seed}`);
      if (existsSync(out) && !boolFlag(args, 'overwrite')) return usageError(`${out} exists: these scores were computed before; pass --overwrite to replace them`);
      const given = (name: string): number | undefined => (typeof args.flags[name] === 'number' ? (args.flags[name] as number) : undefined);
      const [batch, chunk] = [given('batch'), given('chunk')];
      const sizes = budgetedSizes(state.model, state.ema, inData.right, { split: 'test', k, unitSamples: 1, maxBatch: 100, ...(batch === undefined ? {} : { batch }), ...(chunk === undefined ? {} : { chunk }) });
      io.out(sizesLine(sizes));
      const batchesOf = (set: 'in' | 'out') =>
        modelBatches(state.model, datasetBatcher(set === 'in' ? inData.right : vsData.right, 'test', { batchSize: sizes.batch, seed, shuffle: false, lastBatch: 'keep' }), limit);
      let scores;
      try {
        scores = await anomalyScores(state.model, state.ema, batchesOf, { layers, k, seed, chunk: sizes.chunk });
      } catch (e) {
        if (isAllocationFailure(e)) return runError(`${dir}: ${outOfMemoryMessage(sizes, e)}; nothing written`);
        throw e;
      }
      const nonFinite = scores.find((s) => !Number.isFinite(mean(s.inDistribution)) || !Number.isFinite(mean(s.outOfDistribution)));
      if (nonFinite !== undefined) return runError(`${nonFinite.name}: a score is not finite (mean ${mean(nonFinite.inDistribution)} on ${inName}, ${mean(nonFinite.outOfDistribution)} on ${vsName}); nothing written`);
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out, { recursive: true });
      const summary = scores.map((s) => ({
        score: s.name,
        k: s.k,
        meanInDistribution: mean(s.inDistribution),
        meanOutOfDistribution: mean(s.outOfDistribution),
        ranking: s.direction === 1 ? `higher ${s.name} means out-of-distribution` : `lower ${s.name} means out-of-distribution`,
        ...s.detection,
      }));
      for (const s of scores) {
        const file = join(out, `hist-${fileSafe(s.name)}.png`);
        const png = await histogramPng(
          [
            { name: `${inName} (in-distribution)`, values: s.inDistribution },
            { name: `${vsName} (out-of-distribution)`, values: s.outOfDistribution },
          ],
          {
            title: `${s.name} per test example: AUROC ${s.detection.auroc.toFixed(3)} for ${vsName} as out-of-distribution (${s.direction === 1 ? 'higher' : 'lower'} = OOD)`,
            xLabel: `${s.name} (nats)`,
          },
        );
        writeFileAtomic(file, png);
      }
      writeFileAtomic(join(out, 'examples.csv'), examplesCsv(scores, inName, vsName));
      writeFileAtomic(
        join(out, 'scores.json'),
        `${JSON.stringify({ step: state.step, inDistribution: inName, outOfDistribution: vsName, positives: vsName, k, limit, seed, batch: sizes.batch, chunk: sizes.chunk, weights: 'ema', scores: summary }, null, 1)}\n`,
      );
      io.out(`in-distribution ${inName}, out-of-distribution ${vsName} (the positives), ${scores[0].inDistribution.length} + ${scores[0].outOfDistribution.length} test examples, K = ${k}, EMA weights`);
      for (const s of summary) {
        io.out(
          `${s.score.padEnd(6)} mean ${s.meanInDistribution.toFixed(2)} vs ${s.meanOutOfDistribution.toFixed(2)} nats  AUROC ${s.auroc.toFixed(4)}  AUPRC ${s.auprc.toFixed(4)}  FPR80 ${s.fpr80.toFixed(4)}  (${s.ranking})`,
        );
      }
      io.out(`wrote ${out}/scores.json, examples.csv and ${scores.length} histograms`);
      return undefined;
    } finally {
      disposeTrainState(state);
    }
  },
};
