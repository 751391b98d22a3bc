/**
 * `npm run bench:distributed`: data-parallel training over MPI on this
 * machine, and a scaling model for a cluster.
 *
 * Measured (a zoo model trained with trainStep; `--model`, `--preset`,
 * `--batch` per rank, `--steps`, `--backend`, defaults vae / small / 32 /
 * 12 / native): images/s of one rank with one thread, two ranks under
 * `mpirun -np 2` with one thread each (global batch 2B), and one process
 * with two threads on the same global batch 2B; the parallel efficiency
 * (2-rank images/s over twice the 1-rank images/s) and the all-reduce time
 * per step (the whole hook: packing, MPI_Allreduce, unpacking, and the
 * agreed values; it includes waiting for the slower rank). Medians over the measured steps after 3 warm-up steps.
 * Modelled: all-reduce bytes per step of every zoo model and preset (float32
 * gradients plus one flag per parameter tensor), and the step time above
 * which a ring all-reduce (2 (N-1)/N times those bytes per rank, bounded by
 * 2x for large N) over 10 and 100 Gbit/s takes under 10% of the step.
 * Not a test: it prints, and exits 0 (the measured part is skipped, with the
 * reason, without mpirun or the MPI addon).
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { startBackend } from '../src/backend/index.js';
import { datasetBatcher, listDatasets, loadDataset, type LoadedDataset } from '../src/datasets/index.js';
import { broadcastParams, distributedStep, endWorld, mpiBuilt, shardBatcher, startWorld, type World } from '../src/distributed/index.js';
import { initParams } from '../src/dsl/params.js';
import { sizeOf } from '../src/dsl/shape.js';
import { validate } from '../src/dsl/validate.js';
import { buildZooModel, presets, zooModels, type DataShape } from '../src/models/index.js';
import { modelBatch } from '../src/train/batch.js';
import { createEma } from '../src/train/ema.js';
import { objectiveOf } from '../src/train/objective.js';
import { createOptimizer } from '../src/train/optimizer.js';
import { trainStep } from '../src/train/step.js';
import { machine } from './machine.js';
import { median } from './timing.js';

const { values: args } = parseArgs({
  options: {
    worker: { type: 'boolean', default: false }, ranks: { type: 'boolean', default: false }, threads: { type: 'string', default: '1' },
    model: { type: 'string', default: 'vae' }, preset: { type: 'string', default: 'small' }, batch: { type: 'string', default: '32' },
    steps: { type: 'string', default: '12' }, backend: { type: 'string', default: 'native' }, global: { type: 'string' },
  },
});

const shapeOf = (dataset: LoadedDataset | { descriptor: LoadedDataset['descriptor'] }): DataShape => {
  const d = dataset.descriptor;
  return d.kind === 'text' ? { shape: [...d.shape], likelihood: d.likelihood, vocabulary: d.vocabularySize }
    : { shape: [...d.shape], likelihood: d.likelihood, ...(d.classes === undefined ? {} : { classes: d.classes }) };
};

/** One measured process (a rank, or the whole run): JSON of its median step and all-reduce times on stdout (rank 0). */
const worker = async (): Promise<void> => {
  const backend = await startBackend(args.backend, {}, () => undefined);
  if (E.isLeft(backend)) throw new Error(backend.left);
  const world: World | undefined = args.ranks ? startWorld() : undefined;
  const data = loadDataset('mnist-dyn');
  if (E.isLeft(data)) throw new Error(data.left.message);
  const spec = buildZooModel(args.model!, args.preset!, shapeOf(data.right));
  const model = E.isRight(spec) ? validate(spec.right) : E.left([]);
  if (E.isLeft(model)) throw new Error(`cannot build ${args.model} ${args.preset}`);
  const m = model.right;
  const globalBatch = Number(args.global ?? args.batch);
  const global = datasetBatcher(data.right, 'train', { batchSize: globalBatch, seed: 1 });
  const batcher = world === undefined ? global : shardBatcher(global, world);
  const params = initParams(m, 1);
  if (world !== undefined) broadcastParams(world, params);
  let reduceMs = 0;
  const hooks = world === undefined ? undefined : distributedStep(world, params);
  const timed = <A, B>(f: ((a: A) => B) | undefined): ((a: A) => B) | undefined => (f === undefined ? undefined : (a) => {
    const t = performance.now();
    const out = f(a);
    reduceMs += performance.now() - t;
    return out;
  });
  const ctx = {
    model: m, params, ema: createEma(params), objective: objectiveOf({ kind: 'elbo' }, 0), samples: 1, emaDecay: 0.999, clipNorm: 0,
    optimizer: createOptimizer({ name: 'adamax', lr: 2e-3, decay: 1, warmup: 1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }),
    reduceGradients: timed(hooks?.reduceGradients),
    agreeValues: timed(hooks?.agreeValues),
  };
  const stream = batcher.stream();
  const steps: number[] = [];
  const reduces: number[] = [];
  for (let step = 1; step <= 3 + Number(args.steps); step++) {
    reduceMs = 0;
    const t = performance.now();
    const d = stream.next().value!;
    const batch = tf.tidy(() => modelBatch(m, d));
    await trainStep(ctx, batch, step, step);
    tf.dispose([...Object.values(batch), d.x, d.y, d.labelled].filter((x): x is tf.Tensor => x !== undefined));
    if (step > 3) {
      steps.push(performance.now() - t);
      reduces.push(reduceMs);
    }
  }
  const bytes = 4 * ([...params.values()].reduce((a, v) => a + v.size, 0) + params.size);
  if (world === undefined || world.rank === 0) {
    process.stdout.write(`RESULT ${JSON.stringify({ stepMs: median(steps), reduceMs: median(reduces), globalBatch, bytes })}\n`);
  }
  if (world !== undefined) endWorld(world);
};

interface Measured { readonly stepMs: number; readonly reduceMs: number; readonly globalBatch: number; readonly bytes: number }

const run = (command: string, argv: readonly string[], threads: number): Measured | string => {
  const t = String(threads);
  const env = { ...process.env, OMP_NUM_THREADS: t, OPENBLAS_NUM_THREADS: t, STRATA_NATIVE_THREADS: t };
  const out = spawnSync(command, argv, { env, encoding: 'utf8', timeout: 300_000 });
  const line = out.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  return line === undefined ? `failed (${out.status}): ${out.stderr.split('\n').find((l) => /^[A-Za-z]/.test(l) && !l.startsWith('Hi,')) ?? 'no output'}` : (JSON.parse(line.slice(7)) as Measured);
};

const measure = (): void => {
  const b = Number(args.batch);
  const common = ['--model', args.model!, '--preset', args.preset!, '--steps', args.steps!, '--backend', args.backend!, '--batch', String(b)];
  const self = ['--import', 'tsx', 'bench/distributed.ts', '--worker', ...common];
  const root = process.getuid?.() === 0 ? ['--allow-run-as-root'] : [];
  const host = machine();
  console.log(`## Measured: ${args.model} ${args.preset} on mnist-dyn, ${args.backend} backend, per-rank batch ${b}, ${args.steps} steps (median)\n`);
  console.log(`${host.cpu}, ${host.cores} cores, load average ${host.load1.toFixed(1)} at the start; the reduce time is the whole hook`);
  console.log('(packing the flat buffer, MPI_Allreduce, unpacking) and includes waiting for the slower rank.\n');
  if (spawnSync('mpirun', ['--version']).error !== undefined || !mpiBuilt()) {
    console.log('skipped: needs mpirun (openmpi-bin) and the MPI addon (npm run build:mpi)\n');
    return;
  }
  const rows: [string, Measured | string][] = [
    ['1 rank, 1 thread (mpirun -np 1)', run('mpirun', [...root, '-np', '1', 'node', ...self, '--ranks', '--global', String(b)], 1)],
    ['2 ranks, 1 thread each (mpirun -np 2)', run('mpirun', [...root, '--oversubscribe', '-np', '2', 'node', ...self, '--ranks', '--global', String(2 * b)], 1)],
    ['1 process, 2 threads, batch 2B', run('node', [...self, '--global', String(2 * b)], 2)],
  ];
  const one = rows[0][1];
  console.log('| run | global batch | ms/step | images/s | gradient reduce ms/step | parallel efficiency |\n|---|---|---|---|---|---|');
  for (const [name, r] of rows) {
    if (typeof r === 'string') {
      console.log(`| ${name} | ${r} | | | | |`);
      continue;
    }
    const rate = (x: Measured): number => (1000 * x.globalBatch) / x.stepMs;
    const ranks = name.startsWith('2 ranks') ? 2 : 1;
    const efficiency = typeof one === 'string' || ranks === 1 ? '' : `${((100 * rate(r)) / (2 * rate(one))).toFixed(0)}%`;
    console.log(`| ${name} | ${r.globalBatch} | ${r.stepMs.toFixed(1)} | ${rate(r).toFixed(1)} | ${r.reduceMs.toFixed(2)} | ${efficiency} |`);
  }
  console.log('');
};

/** Float32 gradient bytes (plus one flag per tensor) of each zoo model and preset, and the step times that keep a ring all-reduce under 10%. */
const model = (): void => {
  const descriptors = listDatasets();
  const image = descriptors.find((d) => d.name === 'mnist-dyn')!;
  const text = descriptors.find((d) => d.kind === 'text')!;
  console.log('## Scaling model: ring all-reduce per step (2 (N-1)/N x gradient bytes per rank, bounded by 2x)\n');
  console.log(`Image models on ${image.name} [${image.shape.join(', ')}], text models on ${text.name} [${text.shape.join(', ')}].`);
  console.log('Minimum step time for communication under 10%: 10 x 2 x bytes / bandwidth (large N; N = 2 halves it).\n');
  console.log('| model | preset | parameters | MB per all-reduce | min step @10 Gbit/s | min step @100 Gbit/s |\n|---|---|---|---|---|---|');
  for (const entry of zooModels) {
    for (const preset of Object.keys(presets)) {
      const isText = entry.name === 'biva-lstm' || entry.name === 'biva-text';
      const spec = buildZooModel(entry.name, preset, shapeOf({ descriptor: isText ? text : image } as never));
      const m = E.isRight(spec) ? validate(spec.right) : E.left([]);
      if (E.isLeft(m)) continue;
      const count = m.right.params.reduce((a, p) => a + sizeOf(p.shape), 0);
      const bytes = 4 * (count + m.right.params.length);
      const ms = (gbit: number): string => `${((10 * 2 * bytes * 8) / (gbit * 1e9) * 1000).toFixed(1)} ms`;
      console.log(`| ${entry.name} | ${preset} | ${(count / 1e6).toFixed(2)} M | ${(bytes / 1e6).toFixed(1)} | ${ms(10)} | ${ms(100)} |`);
    }
  }
  console.log('');
};

if (args.worker) {
  worker().catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
} else {
  model();
  measure();
}
