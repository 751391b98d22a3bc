/**
 * `strata train`: trains a zoo model, a user module or a JSON spec on a data
 * set, writing runs/NAME/log.jsonl and atomic checkpoints; Ctrl-C stops
 * after the current step with a checkpoint, and `--resume` continues the run
 * in --out exactly where its last checkpoint stopped.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { datasetBatcher, labelledSplit, type Batcher, type LoadedDataset } from '../datasets/index.js';
import { defaultAlpha } from '../inference/objectives/m2.js';
import { heldOutError } from './classify-command.js';
import { saveCheckpoint, loadCheckpoint, type Checkpoint, type RunMeta } from '../train/checkpoint.js';
import { describeObjective, type TrainConfig } from '../train/config.js';
import { appendRecord, progress } from '../train/log.js';
import { train } from '../train/loop.js';
import { restoreTrainState } from '../train/resume.js';
import { createTrainState, disposeTrainState, type TrainState } from '../train/state.js';
import { parameterCount } from '../dsl/params.js';
import { backendFlag, useBackend } from './backend.js';
import { boolFlag, numberFlag, optionalString, runError, stringFlag, usageError, type CliError, type Command } from './command.js';
import { dataShapeOf, openDataset } from './dataset.js';
import { chooseModel, validated, modelFlags } from './model-source.js';
import { configOf, resumedConfig } from './train-flags.js';

const resumeState = (checkpoint: Checkpoint, config: TrainConfig): E.Either<CliError, TrainState> => {
  const { manifest } = checkpoint;
  const model = validated(manifest.spec, String(manifest.meta.model ?? 'model'), checkpoint.folder);
  if (E.isLeft(model)) return E.left(runError(model.left.message));
  const state = restoreTrainState(model.right.model, checkpoint, config);
  return E.isLeft(state) ? E.left(runError(state.left)) : E.right(state.right);
};

/**
 * The training batcher; for M2 every batch holds `labelledBatch` rows drawn
 * from the `labelled` examples (10 per class for 100 over 10 classes, chosen
 * from the seed) and batch - labelledBatch rows from the other examples.
 */
const trainBatcher = (data: LoadedDataset, config: TrainConfig): E.Either<CliError, Batcher> => {
  const options = { batchSize: config.batchSize, seed: config.seed };
  if (config.objective.kind !== 'm2') return E.right(datasetBatcher(data, 'train', options));
  const split = data.kind === 'image' ? data.splits.train : undefined;
  const classes = data.kind === 'image' ? data.descriptor.classes : undefined;
  if (split?.labels === undefined || classes === undefined) return E.left(usageError(`--objective m2: '${data.descriptor.name}' has no labels`));
  const { labelled, labelledBatch } = config.objective;
  if (!Number.isInteger(labelledBatch) || labelledBatch < 1 || labelledBatch >= config.batchSize || labelledBatch > labelled) {
    return E.left(usageError(`--labelled-batch: expected an integer in 1..${Math.min(config.batchSize - 1, labelled)} (below --batch ${config.batchSize}, at most --labelled ${labelled}), got ${labelledBatch}`));
  }
  const sets = labelledSplit(split.labels, labelled, classes, config.seed);
  if (E.isLeft(sets)) return E.left(usageError(`--labelled: ${sets.left.message}`));
  return E.right(datasetBatcher(data, 'train', { ...options, indices: sets.right.unlabelled, labelled: { indices: sets.right.labelled, perBatch: labelledBatch } }));
};

/** The config with M2's alpha filled in when absent: 0.1 N / N_l over the training split (m2.ts). */
const withAlpha = (config: TrainConfig, data: LoadedDataset): TrainConfig => {
  const o = config.objective;
  if (o.kind !== 'm2' || o.alpha !== undefined || data.kind !== 'image' || o.labelled > data.splits.train.count) return config;
  return { ...config, objective: { ...o, alpha: defaultAlpha(data.splits.train.count, o.labelled) } };
};

/** `strata train`. */
export const trainCommand: Command = {
  name: 'train',
  summary: 'train a model on a data set, with logs and checkpoints',
  usage: 'strata train --model biva --data mnist-dyn --preset small --steps N --out runs/NAME',
  flags: {
    ...modelFlags,
    steps: { kind: 'int', min: 1, help: 'train until this step', default: '1000' },
    batch: { kind: 'int', min: 1, help: 'batch size', default: '48' },
    out: { kind: 'string', help: 'run folder', default: 'runs/<model>-<data>' },
    resume: { kind: 'boolean', help: 'continue the run in --out from its last checkpoint (--steps, --lr and objective flags override the saved ones)' },
    overwrite: { kind: 'boolean', help: 'start afresh in an --out that already holds a run (its log and checkpoints are deleted)' },
    objective: { kind: 'string', help: 'elbo, free-bits, iwae or m2 (models with a label)', default: 'elbo' },
    'free-bits': { kind: 'number', help: 'free-bits lambda in nats', default: '2' },
    'free-bits-group': { kind: 'string', help: 'node or dimension', default: 'node' },
    'free-bits-over': { kind: 'string', help: 'batch or datapoint', default: 'batch' },
    'finetune-after': { kind: 'int', help: 'free bits: lambda 0 after this step (the paper\'s fine-tuning)' },
    k: { kind: 'int', min: 1, help: 'importance samples of the iwae objective', default: '5' },
    alpha: { kind: 'number', help: 'm2: weight alpha of log q(y|x) per labelled row, beta (N_l + N_u) / N_l as in Maaloe et al. 2016 and BIVA appendix B', default: '0.1 N / N_l (50 for 100 MNIST labels)' },
    labelled: { kind: 'int', min: 1, help: 'm2: labelled training examples, evenly over the classes, chosen from --seed', default: '100' },
    'labelled-batch': { kind: 'int', min: 1, help: 'm2: labelled rows in every batch (drawn from the labelled set; the other rows are unlabelled)', default: 'a third of --batch (16 of 48)' },
    warmup: { kind: 'int', help: 'steps of linear KL warm-up', default: '0' },
    optimizer: { kind: 'string', help: 'adamax or adam', default: 'adamax' },
    lr: { kind: 'number', help: 'learning rate', default: '0.002' },
    'lr-decay': { kind: 'number', help: 'learning-rate factor per step', default: '1' },
    'lr-warmup': { kind: 'int', help: 'updates of linear learning-rate warm-up', default: '0' },
    ema: { kind: 'number', help: 'EMA decay of the evaluation weights', default: '0.999' },
    clip: { kind: 'number', help: 'gradient-norm clip (0: none)', default: '0' },
    seed: { kind: 'int', help: 'seed of weights, data order and noise', default: '1' },
    'log-every': { kind: 'int', min: 1, help: 'steps per log record', default: '50' },
    'checkpoint-every': { kind: 'int', min: 1, help: 'steps per checkpoint', default: '500' },
    ...backendFlag,
  },
  run: async (args, io) => {
    const config = configOf(args);
    if (E.isLeft(config)) return config.left;
    const modelName = stringFlag(args, 'model', 'biva');
    const out = stringFlag(args, 'out', join('runs', `${modelName.replace(/[^\w.-]+/g, '_')}-${stringFlag(args, 'data', 'mnist-dyn')}`));
    const checkpoint = boolFlag(args, 'resume') ? loadCheckpoint(out) : undefined;
    if (checkpoint !== undefined && E.isLeft(checkpoint)) return runError(checkpoint.left);
    const saved = checkpoint === undefined ? undefined : (checkpoint as E.Right<Checkpoint>).right;
    const dataName = typeof saved?.manifest.meta.data === 'string' ? saved.manifest.meta.data : stringFlag(args, 'data', 'mnist-dyn');
    const data = openDataset(dataName);
    if (E.isLeft(data)) return data.left;
    const backend = await useBackend(optionalString(args, 'backend'), io);
    if (E.isLeft(backend)) return backend.left;
    const preset = stringFlag(args, 'preset', 'tiny');
    let started: E.Either<CliError, TrainState>;
    let meta: RunMeta;
    if (saved !== undefined) {
      const resumed = resumedConfig(saved.manifest.config, args);
      started = E.isLeft(resumed) ? resumed : resumeState(saved, withAlpha(resumed.right, data.right));
      meta = saved.manifest.meta;
    } else {
      const choice = await chooseModel({ model: modelName, spec: optionalString(args, 'spec'), preset }, dataShapeOf(data.right));
      started = E.isLeft(choice) ? choice : E.right(createTrainState(choice.right.model, withAlpha(config.right, data.right)));
      meta = { model: E.isRight(choice) ? choice.right.name : modelName, data: dataName, preset };
    }
    if (E.isLeft(started)) return started.left;
    const existing = saved === undefined ? ['log.jsonl', 'checkpoints'].filter((f) => existsSync(join(out, f))) : [];
    if (existing.length > 0 && !boolFlag(args, 'overwrite')) {
      disposeTrainState(started.right);
      return usageError(`--out ${out} already holds a run (${existing.join(', ')}): continue it with --resume, or replace it with --overwrite`);
    }
    const state = started.right;
    let interrupted = false;
    const onInterrupt = (): void => {
      interrupted = true;
    };
    try {
      const batcher = trainBatcher(data.right, state.config);
      if (E.isLeft(batcher)) return batcher.left;
      for (const f of existing) rmSync(join(out, f), { recursive: true, force: true });
      io.out(`${meta.model} on ${meta.data}: ${parameterCount(state.params)} parameters, ${describeObjective(state.config.objective)}, ${state.config.optimizer.name} lr ${state.config.optimizer.lr}, steps ${state.step}..${state.config.steps}, run ${out}`);
      let lastError: ReturnType<typeof heldOutError>;
      const display = progress(state.config.steps, state.step, io.progressStream);
      process.once('SIGINT', onInterrupt);
      const summary = await train(state, batcher.right, {
        dimension: data.right.descriptor.dimension,
        backend: backend.right,
        checkpointEvery: numberFlag(args, 'checkpoint-every', 500),
        onStep: (s) => display.update(s.step),
        onLog: (plain) => {
          const classification = heldOutError(state, data.right);
          const record = classification === undefined ? plain : { ...plain, classification };
          lastError = classification;
          appendRecord(join(out, 'log.jsonl'), record);
          display.update(record.step, record);
        },
        onCheckpoint: async (st) => void (await saveCheckpoint(out, st, { ...meta, backend: backend.right })),
        shouldStop: () => interrupted,
      });
      display.stop();
      if (interrupted) io.out(`interrupted at step ${state.step}: checkpoint saved; continue with strata train --resume --out ${out}`);
      io.out(`trained ${summary.steps} steps in ${summary.seconds.toFixed(1)} s (${summary.imagesPerSec.toFixed(1)} images/s), ${summary.skipped} skipped; -elbo ${summary.last?.nats.toFixed(3) ?? '-'} nats; checkpoint in ${join(out, 'checkpoints')}`);
      if (lastError !== undefined) io.out(`classification error ${(100 * lastError.error).toFixed(2)}% on ${lastError.examples} ${lastError.split} examples (EMA weights), ${lastError.labelledSeen} labelled rows trained on`);
      return undefined;
    } finally {
      process.removeListener('SIGINT', onInterrupt);
      disposeTrainState(state);
    }
  },
};
