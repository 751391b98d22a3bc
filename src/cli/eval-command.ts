/**
 * `strata eval runs/NAME`: L_1 and L_K (streamed over K) in nats and
 * bits/dim, KL per latent node and active units, on the test split, with
 * the EMA weights; the report is printed and written to runs/NAME/eval.json.
 * Text runs report NLL per sentence and per token and perplexity instead of
 * bits/dim, and write reconstructions.txt. Batch and chunk come from a
 * memory budget unless --batch / --chunk are given (src/train/eval-budget.ts);
 * an allocation failure is one line naming them. --reconstructions on an
 * image run is a usage error (exit 2). A non-finite bound is a
 * run error (exit 1) and writes no eval.json.
 */
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { datasetBatcher, type LoadedDataset } from '../datasets/index.js';
import type { Model } from '../dsl/model.js';
import type { ParamStore } from '../dsl/params.js';
import { writeFileAtomic } from '../report/index.js';
import { modelBatches } from '../train/batch.js';
import { isAllocationFailure } from '../train/allocation-failure.js';
import { outOfMemoryMessage, type EvalSizes } from '../train/eval-budget.js';
import { budgetedSizes, sizesLine } from './eval-sizes.js';
import { disposeTrainState } from '../train/state.js';
import { evaluateBounds } from '../train/evaluation.js';
import { backendFlag } from './backend.js';
import { boolFlag, numberFlag, runError, stringFlag, usageError, type Command } from './command.js';
import type { ParsedArgs } from './flags.js';
import { openDataset } from './dataset.js';
import { agreePrepared, closeWorld, distributedFlag, openWorld } from './distributed-flag.js';
import { evalShard } from '../distributed/evaluation.js';
import { isWriter } from '../distributed/world.js';
import { metaString, openRunOnBackend } from './run-folder.js';
import { bitsPerDim } from '../inference/metrics.js';
import { seedDomain } from '../train/options.js';
import { classifiable, classifySplit, labelledSeen } from '../train/classification.js';
import { textEval, textLines, textReconstructions } from './eval-text.js';

/** Posterior samples per datum of the active-unit estimate (evaluateBounds' default). */
const UNIT_SAMPLES = 16;

/**
 * Batch and chunk: --batch / --chunk when given, the rest from the memory
 * budget (src/cli/eval-sizes.ts); in a distributed run (`fixed`) the
 * defaults 50 and 100, as every rank must cut the same batches.
 */
const evalSizes = (model: Model, params: ParamStore, data: LoadedDataset, split: 'train' | 'validation' | 'test', args: ParsedArgs, k: number, fixed: boolean): EvalSizes => {
  const given = (name: string): number | undefined => (typeof args.flags[name] === 'number' ? (args.flags[name] as number) : undefined);
  if (fixed) return { batch: given('batch') ?? 50, chunk: Math.min(given('chunk') ?? 100, k), estimatedBytes: 0 };
  const [batch, chunk] = [given('batch'), given('chunk')];
  return budgetedSizes(model, params, data, { split, k, unitSamples: UNIT_SAMPLES, maxBatch: 50, ...(batch === undefined ? {} : { batch }), ...(chunk === undefined ? {} : { chunk }) });
};

/** `strata eval`. */
export const evalCommand: Command = {
  name: 'eval',
  summary: 'L_1 and L_K, KL per latent node and active units on the test split (text: NLL per sentence and token, perplexity, reconstructions)',
  usage: 'strata eval runs/NAME --k 1000 [--limit N] [--split test]',
  flags: {
    k: { kind: 'int', min: 1, help: 'importance samples of L_K', default: '1000' },
    chunk: { kind: 'int', min: 1, help: 'samples per streaming chunk', default: 'from the memory budget, at most 100' },
    split: { kind: 'string', choices: ['train', 'validation', 'test'], help: 'train, validation or test', default: 'test' },
    limit: { kind: 'int', min: 1, help: 'evaluate the first N examples only', default: 'all' },
    batch: { kind: 'int', min: 1, help: 'examples per batch', default: 'from the memory budget, at most 50' },
    reconstructions: { kind: 'int', min: 0, help: 'test sentences reconstructed into reconstructions.txt (text)', default: '8' },
    raw: { kind: 'boolean', help: 'use the raw weights instead of the EMA weights' },
    seed: { ...seedDomain, help: 'seed of the importance samples', default: 1 },
    ...backendFlag,
    ...distributedFlag,
  },
  run: async (args, cliIO) => {
    const split = stringFlag(args, 'split', 'test');
    if (split !== 'train' && split !== 'validation' && split !== 'test') return usageError(`--split: expected train, validation or test, got '${split}'`);
    const k = numberFlag(args, 'k', 1000);
    const world = openWorld(args, cliIO);
    if (E.isLeft(world)) return world.left;
    const { d: dist, io } = world.right;
    const run = agreePrepared(dist, await openRunOnBackend(args, io));
    if (E.isLeft(run)) return closeWorld(dist, run.left, true);
    const { state, dir } = run.right;
    try {
      const data = agreePrepared(dist, openDataset(metaString(run.right, 'data', 'mnist-dyn')));
      if (E.isLeft(data)) return closeWorld(dist, data.left, true);
      if (data.right.kind !== 'text' && typeof args.flags.reconstructions === 'number' && args.flags.reconstructions > 0) {
        return closeWorld(dist, usageError(`--reconstructions: ${dir} is a run on ${data.right.descriptor.name} images; reconstructions.txt is for text runs (strata sample writes reconstructions.png)`), true);
      }
      const params = boolFlag(args, 'raw') ? state.params : state.ema;
      const sizes = evalSizes(state.model, params, data.right, split, args, k, dist !== undefined);
      if (dist === undefined) io.out(sizesLine(sizes));
      const batcher = datasetBatcher(data.right, split, { batchSize: sizes.batch, seed: numberFlag(args, 'seed', 1), shuffle: false, lastBatch: 'keep' });
      let report;
      try {
        report = await evaluateBounds(state.model, params, modelBatches(state.model, batcher, numberFlag(args, 'limit', Number.POSITIVE_INFINITY)), {
          k,
          chunk: sizes.chunk,
          seed: numberFlag(args, 'seed', 1),
          unitSamples: UNIT_SAMPLES,
          ...(dist === undefined ? {} : { shard: evalShard(dist.world) }),
        });
      } catch (e) {
        if (isAllocationFailure(e)) return closeWorld(dist, runError(`${dir}: ${outOfMemoryMessage(sizes, e)}`), true);
        throw e;
      }
      const text = data.right.kind === 'text' ? textEval(report, data.right, split) : undefined;
      const d = data.right.descriptor.dimension;
      const bpd = (bound: number): string => bitsPerDim(bound, d).toFixed(4);
      io.out(`${dir} at step ${state.step}, ${report.examples} ${split} examples, ${boolFlag(args, 'raw') ? 'raw' : 'EMA'} weights`);
      io.out(`L_1    = ${report.l1.toFixed(3)} nats${text === undefined ? ` (${bpd(report.l1)} bits/dim)` : ' per sentence'}`);
      io.out(`L_${k} = ${report.lk.toFixed(3)} nats${text === undefined ? ` (${bpd(report.lk)} bits/dim)` : ' per sentence'}`);
      if (text !== undefined) for (const line of textLines(text, k)) io.out(line);
      const layerOf = (name: string): number => state.model.nodes.get(name)?.layer ?? 1;
      const perLayer = Object.fromEntries(state.model.layers.map((l) => [l, state.model.latents.filter((n) => layerOf(n) === l).reduce((a, n) => a + report.kl[n], 0)]));
      for (const layer of state.model.layers) {
        io.out(`layer ${layer}: KL ${perLayer[layer].toFixed(3)} nats`);
        for (const name of state.model.latents.filter((n) => layerOf(n) === layer)) {
          const units = report.activeUnits[name];
          io.out(`  ${name.padEnd(10)} KL ${report.kl[name].toFixed(3)} nats, active units ${units?.active ?? 0}/${units?.total ?? 0}`);
        }
      }
      const bad = [['L_1', report.l1], [`L_${k}`, report.lk]].find(([, v]) => !Number.isFinite(v as number));
      if (dist !== undefined && !isWriter(dist.world)) return closeWorld(dist, bad === undefined ? undefined : runError(`${dir}: non-finite bound`), true);
      if (bad !== undefined) return closeWorld(dist, runError(`${dir}: ${bad[0]} is ${bad[1]} at step ${state.step} (the weights diverged or the data lie outside the model's support); eval.json not written`), true);
      const limit = numberFlag(args, 'limit', Number.POSITIVE_INFINITY);
      const c = E.isRight(classifiable(state.model, data.right)) ? await classifySplit(state.model, params, data.right, split, limit) : undefined;
      const classification = c === undefined ? undefined : { examples: c.examples, wrong: c.wrong, error: c.rate, labelledSeen: labelledSeen(state) };
      if (classification !== undefined) io.out(`${split} error ${(100 * classification.error).toFixed(2)}% (${classification.wrong} of ${classification.examples} misclassified by argmax q(y|x)), ${classification.labelledSeen} labelled rows trained on`);
      const recon = numberFlag(args, 'reconstructions', 8);
      if (data.right.kind === 'text' && recon > 0) {
        const lines = await textReconstructions(state.model, params, data.right, split, recon, numberFlag(args, 'seed', 1));
        writeFileAtomic(join(dir, 'reconstructions.txt'), lines);
        io.out(lines.trimEnd());
        io.out(`wrote ${join(dir, 'reconstructions.txt')} (${Math.min(recon, data.right.splits[split].count)} ${split} sentences and their reconstructions, z ~ q(z | x))`);
      }
      const json = { step: state.step, split, dimension: d, batch: sizes.batch, chunk: sizes.chunk, ...report, klPerLayer: perLayer, ...(text === undefined ? {} : { text }), ...(classification === undefined ? {} : { classification }) };
      writeFileAtomic(join(dir, 'eval.json'), `${JSON.stringify(json, null, 1)}\n`);
      return closeWorld(dist, undefined, true);
    } finally {
      disposeTrainState(state);
    }
  },
};
