/**
 * `npx tsx bench/dsl-compare.ts [--rounds 3] [--warmup 3] [--runs 10] [--batch 128] [--iwaeBatch 16] [--k 1000] [--chunk 100] [--out FILE]`:
 * issue 18's DSL workloads on native (the wasm backend with strata's
 * kernels) beside PyTorch (bench/pytorch-dsl.py, the same models and
 * shapes, Debian's python3-torch with the same OpenBLAS threads, once with
 * OpenMP's default wait policy and once PASSIVE, as bench/pytorch.ts runs
 * it), in interleaved rounds:
 *
 * - the two-layer LVAE of bench/hand-lvae.ts (`lvaeSpec`) trained as a strata
 *   user trains a compiled model (bench/dsl-trainer.ts: trace, ELBO with
 *   analytic KLs, strata's Adam, fused on native), batch `batch`;
 * - the importance-weighted bound L_K of the VAE of bench/hand-vae.ts
 *   (`vaeSpec`) by `iwaeStreaming` (K samples per image in chunks), one
 *   batch of `iwaeBatch` images per step.
 *
 * Prints, per workload: median ms per step, images/s, GFLOP per step
 * (bench/flops.ts) and GFLOP/s, PyTorch's medians per wait policy, and the
 * speed ratio PyTorch ms / strata ms against the faster PyTorch (above 1 =
 * strata faster; issue 18's target: 1.5). With --out, writes the table
 * there too (temp file, then rename). `compareDsl` is the same for
 * bench/all.ts. A benchmark: it prints, it asserts nothing.
 */
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as E from 'fp-ts/lib/Either.js';
import { registerNativeKernels } from '../src/backend/native/register.js';
import { initParams, iwaeStreaming, parameterCount, type ModelSpec } from '../src/index.js';
import { dslTrainer, randomImages, validated } from './dsl-trainer.js';
import { lvaeSpec } from './hand-lvae.js';
import { vaeSpec } from './hand-vae.js';
import { runComparisonCli, strataRound, type CountedBench } from './comparison.js';
import { cpuModel } from './machine.js';
import { findTorchPython, runTorchModel, TARGET_RATIO, waitPolicies } from './pytorch.js';
import { fixed, markdownTable } from './table.js';
import { median } from './timing.js';

const script = join(dirname(fileURLToPath(import.meta.url)), 'pytorch-dsl.py');

/** Rounds, steps and shapes of the comparison. */
export interface DslCompareOptions {
  /** Interleaved rounds, each a fresh strata model and a fresh PyTorch process per wait policy. */
  readonly rounds: number;
  /** Untimed steps at the start of each round, on both sides. */
  readonly warmup: number;
  /** Timed steps per round, on both sides. */
  readonly runs: number;
  /** Training batch of the LVAE. */
  readonly batch: number;
  /** Images per IWAE evaluation step. */
  readonly iwaeBatch: number;
  /** Importance samples per image, and how many are traced at once. */
  readonly k: number;
  readonly chunk: number;
}

/** 3 rounds of 3 warm-up + 10 steps; the LVAE at batch 128 (the MLP VAE's); IWAE K = 1000 in chunks of 100 on 16 images (bench:all's section 3). */
export const defaultDslCompareOptions: DslCompareOptions = { rounds: 3, warmup: 3, runs: 10, batch: 128, iwaeBatch: 16, k: 1000, chunk: 100 };

/** One step: L_K of `spec` on `batch` images by iwaeStreaming, their mean returned. */
const iwaeStep = (spec: ModelSpec, batch: number, k: number, chunk: number) => (seed: number): CountedBench => {
  const model = validated(spec);
  const params = initParams(model, seed);
  const x = randomImages(model, batch, seed + 1);
  let stepIndex = 0;
  return {
    parameters: parameterCount(params),
    step: async () => {
      stepIndex += 1;
      const bound = await iwaeStreaming(model, params, { x }, { k, chunk, seed: seed + stepIndex });
      return bound.reduce((a, b) => a + b, 0) / bound.length;
    },
    dispose: () => tf.dispose([x, ...params.values()]),
  };
};

/** A workload of the comparison and the arguments of its PyTorch twin. */
interface Workload {
  readonly name: string;
  readonly shapes: string;
  readonly images: number;
  readonly make: (seed: number) => CountedBench;
  readonly torchArgs: readonly string[];
}

/**
 * Runs the comparison on the native backend (registered here; Left when
 * the addon is unavailable) and returns its note and markdown table.
 */
export const compareDsl = async (o: DslCompareOptions, command: string): Promise<E.Either<string, { note: string; table: string }>> => {
  await tf.setBackend('wasm');
  const native = registerNativeKernels();
  if (E.isLeft(native)) return E.left(`native backend unavailable: ${native.left}`);
  const threads = native.right.blas.threads;
  const python = findTorchPython();
  const steps = ['--warmup', String(o.warmup), '--runs', String(o.runs), '--threads', String(threads)];
  const workloads: Workload[] = [
    {
      name: 'LVAE, 2 layers (32, 16), training step', shapes: `batch ${o.batch}, 784-512-512 / 512-256-256, Adam`, images: o.batch,
      make: (seed) => dslTrainer(lvaeSpec, o.batch, seed), torchArgs: ['--workload', 'lvae', '--batch', String(o.batch), ...steps],
    },
    {
      name: `VAE, IWAE L_${o.k} evaluation`, shapes: `${o.iwaeBatch} images, K ${o.k} in chunks of ${o.chunk}, 784-512-512-32`, images: o.iwaeBatch,
      make: iwaeStep(vaeSpec, o.iwaeBatch, o.k, o.chunk),
      torchArgs: ['--workload', 'iwae', '--batch', String(o.iwaeBatch), '--k', String(o.k), '--chunk', String(o.chunk), ...steps],
    },
  ];

  const load0 = loadavg()[0];
  const rows: string[][] = [];
  for (const w of workloads) {
    const strataMs: number[] = [];
    const torchMs = new Map<string, number[]>();
    let flops = 0;
    let parameters = 0;
    let torchParameters = 0;
    let torchNote = '';
    for (let r = 0; r < o.rounds; r++) {
      const s = await strataRound(w.make, o.warmup, o.runs);
      strataMs.push(...s.ms);
      flops = s.flops;
      parameters = s.parameters;
      console.error(`  ${w.name} round ${r + 1}: strata ${fixed(median(s.ms))} ms`);
      if (E.isLeft(python)) {
        torchNote = python.left;
        continue;
      }
      for (const policy of waitPolicies()) {
        const t = runTorchModel(python.right, script, w.torchArgs, threads, policy);
        if (E.isLeft(t)) {
          torchNote = t.left;
          continue;
        }
        const run = t.right;
        torchParameters = run.parameters;
        const key = policy ?? 'default';
        torchMs.set(key, [...(torchMs.get(key) ?? []), ...run.stepMs]);
        console.error(`  ${w.name} round ${r + 1}: PyTorch (${key}) ${fixed(median(run.stepMs))} ms`);
      }
    }
    const ours = median(strataMs);
    const theirs = [...torchMs].map(([key, ms]) => [key, median(ms)] as const).sort((a, b) => a[1] - b[1]);
    const ratio = theirs.length === 0 ? undefined : theirs[0][1] / ours;
    rows.push([w.name, w.shapes, `${parameters}${torchParameters > 0 ? ` / ${torchParameters}` : ''}`, fixed(ours), fixed((1000 * w.images) / ours),
      fixed(flops / 1e9, 2), fixed(flops / (ours * 1e6), 1),
      theirs.length === 0 ? torchNote : theirs.map(([key, ms]) => `${fixed(ms)} (${key})`).join(', '),
      ratio === undefined ? '' : `**${fixed(ratio, 2)}x** (target >= ${fixed(TARGET_RATIO, 1)}x: ${ratio >= TARGET_RATIO ? 'met' : 'not met'})`]);
  }
  const table = markdownTable(['workload', 'shapes', 'params strata / PyTorch', 'strata native ms/step', 'images/s', 'GFLOP/step', 'GFLOP/s',
    'PyTorch ms/step (wait policy)', 'PyTorch ms / strata ms (against the faster PyTorch)'], rows);
  const note = `Command: \`${command}\`; ${new Date().toISOString()}; ${cpuModel()}; ` +
    `${native.right.blas.config} (${threads} threads) for both; ${o.rounds} interleaved rounds of ${o.warmup} + ${o.runs} steps, ` +
    `each side in a fresh model (PyTorch in a fresh process per wait policy); medians over all rounds; ` +
    `1-minute load average ${fixed(load0, 2)} at the start, ${fixed(loadavg()[0], 2)} at the end.`;
  return E.right({ note, table });
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await runComparisonCli('npx tsx bench/dsl-compare.ts', defaultDslCompareOptions, compareDsl);
