/**
 * `npm run bench:biva-reference -- [--checkout /tmp/biva-pytorch] [--rounds 2] [--warmup 1] [--runs 3] [--torch-runs 2] [--passive-only] [--out FILE]`:
 * issue 18's like-for-like BIVA. strata's paper BIVA step (bench/native-biva.ts,
 * convolutional preset, batch 48, Adamax) on native beside the reference
 * PyTorch implementation (vlievin/biva-pytorch, its paper configuration for
 * binarized MNIST, run by bench/pytorch-biva-reference.py from a checkout
 * fetched beside the project; its code is never copied here), in interleaved
 * rounds with the same OpenBLAS thread count (PyTorch once with OpenMP's
 * default wait policy and once PASSIVE, as bench/pytorch.ts runs it), and
 * the sgemm peak (bench/peak.ts) measured before and after. Prints per
 * network: parameters, ms per step, images/s, GFLOP per step (strata: the
 * kernels it ran, by bench/flops.ts's rule, and their products and
 * convolutions alone; the reference: its convolutions and dense layers
 * counted by hooks, times 3) and GFLOP/s with the fraction of peak. Skipped,
 * with the reason, when torch, the checkout or the native addon is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as E from 'fp-ts/lib/Either.js';
import { registerWasmTrainingKernels } from '../src/backend/kernels/register-wasm-training-kernels.js';
import { registerNativeKernels } from '../src/backend/native/register.js';
import { stepFlops } from './flops.js';
import { cpuModel } from './machine.js';
import { bivaStep } from './native-biva.js';
import { sgemmPeak } from './peak.js';
import { findTorchPython, torchEnv, waitPolicies } from './pytorch.js';
import { fixed, markdownTable } from './table.js';
import { median } from './timing.js';

/** Rounds, steps and the reference checkout of the comparison. */
export interface BivaReferenceOptions {
  readonly checkout: string;
  readonly rounds: number;
  readonly warmup: number;
  readonly runs: number;
  readonly torchRuns: number;
  /** Only OMP_WAIT_POLICY=PASSIVE for PyTorch (its default policy spins, which a loaded host punishes). */
  readonly passiveOnly: boolean;
}

const script = join(dirname(fileURLToPath(import.meta.url)), 'pytorch-biva-reference.py');

/** What bench/pytorch-biva-reference.py prints (the fields used here). */
interface ReferenceRun {
  readonly torch: string;
  readonly parameters: number;
  readonly flops: { readonly step: number; readonly convForward: number; readonly denseForward: number };
  readonly stepMs: readonly number[];
}

/** One network's row: its step times and FLOPs. */
interface Row {
  readonly name: string;
  readonly parameters: number;
  readonly ms: number[];
  readonly roundMedians: number[];
  /** FLOPs per step by each network's rule, and the products and convolutions alone. */
  readonly flops: number;
  readonly gemmFlops: number;
}

/** Why the comparison cannot run here, or the Python that runs the reference. */
export const referenceReady = (checkout: string): E.Either<string, string> => {
  if (!existsSync(join(checkout, 'biva', 'model', '__init__.py'))) {
    return E.left(`no biva-pytorch checkout at ${checkout} (fetch vlievin/biva-pytorch there, or pass --checkout)`);
  }
  return findTorchPython();
};

/** Runs the comparison; Left with the reason it was skipped. */
export const compareBivaReference = async (o: BivaReferenceOptions, command: string): Promise<E.Either<string, string>> => {
  const python = referenceReady(o.checkout);
  if (E.isLeft(python)) return python;
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
  const native = registerNativeKernels();
  if (E.isLeft(native)) return E.left(`native backend unavailable: ${native.left}`);
  const threads = native.right.blas.threads;
  const policies = o.passiveOnly ? ['PASSIVE'] : waitPolicies();
  const load0 = loadavg()[0];
  const peak0 = await sgemmPeak();

  const referenceRound = (policy: string | undefined): E.Either<string, ReferenceRun> => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...torchEnv(threads), OMP_WAIT_POLICY: policy };
    if (policy === undefined) delete env.OMP_WAIT_POLICY;
    const args = [script, '--checkout', o.checkout, '--warmup', '1', '--runs', String(o.torchRuns), '--threads', String(threads)];
    const r = spawnSync(python.right, args, { env, encoding: 'utf8', timeout: 1_800_000 });
    if (r.status !== 0) return E.left(`${script} failed: ${(r.stderr ?? '').trim().split('\n').pop() ?? r.status}`);
    return E.right(JSON.parse((r.stdout ?? '').trim().split('\n').pop() ?? '') as ReferenceRun);
  };

  let strata: Row = { name: 'strata `biva --preset paper`, native', parameters: 0, ms: [], roundMedians: [], flops: 0, gemmFlops: 0 };
  const reference = new Map<string, Row>();
  for (let round = 0; round < o.rounds; round++) {
    const bench = bivaStep(true)(11 + round);
    try {
      for (let i = 0; i < o.warmup; i++) await bench.step();
      const count = await stepFlops(bench.step);
      const ms: number[] = [];
      for (let i = 0; i < o.runs; i++) {
        const t0 = performance.now();
        await bench.step();
        ms.push(performance.now() - t0);
      }
      strata = { ...strata, parameters: bench.parameters, ms: [...strata.ms, ...ms], roundMedians: [...strata.roundMedians, median(ms)],
        flops: count.total, gemmFlops: count.total * count.gemmShare };
      console.error(`  round ${round + 1}: strata ${fixed(median(ms))} ms`);
    } finally {
      bench.dispose();
    }
    for (const policy of policies) {
      const run = referenceRound(policy);
      if (E.isLeft(run)) return run;
      const name = `biva-pytorch paper config, PyTorch ${run.right.torch}, OMP_WAIT_POLICY ${policy ?? 'default'}`;
      const before = reference.get(name);
      const ms = [...run.right.stepMs];
      reference.set(name, { name, parameters: run.right.parameters, ms: [...(before?.ms ?? []), ...ms],
        roundMedians: [...(before?.roundMedians ?? []), median(ms)], flops: run.right.flops.step, gemmFlops: run.right.flops.step });
      console.error(`  round ${round + 1}: reference (${policy ?? 'default'}) ${fixed(median(ms))} ms`);
    }
  }
  const peak1 = await sgemmPeak();
  const peak = Math.max(peak0.gflops, peak1.gflops);
  const rows = [strata, ...reference.values()].map((r) => {
    const ms = median(r.ms);
    const gflops = r.gemmFlops / (ms * 1e6);
    return [r.name, r.parameters.toLocaleString('en-US'), fixed(ms), r.roundMedians.map((m) => fixed(m)).join(', '), fixed(48_000 / ms, 2),
      fixed(r.flops / 1e9, 1), fixed(r.gemmFlops / 1e9, 1), fixed(gflops, 1), `${fixed((100 * gflops) / peak, 0)}%`];
  });
  const table = markdownTable(['network (batch 48, Adamax)', 'params', 'median ms/step', 'round medians', 'images/s', 'GFLOP/step (rule)',
    'GFLOP/step (products, convolutions)', 'GFLOP/s (products)', 'of peak'], rows);
  return E.right(`Command: \`${command}\`; ${new Date().toISOString()}; ${cpuModel()}; ${native.right.blas.config} (${threads} threads) ` +
    `for both; ${o.rounds} interleaved rounds (strata ${o.warmup} warm-up + 1 counted + ${o.runs} timed steps; the reference 1 warm-up + ` +
    `${o.torchRuns} timed steps per wait policy, each in a fresh process); medians over all rounds; sgemm peak (2048^3) ` +
    `${fixed(peak0.gflops, 1)} GFLOP/s before, ${fixed(peak1.gflops, 1)} after (fractions against the higher); ` +
    `1-minute load average ${fixed(load0, 2)} at the start, ${fixed(loadavg()[0], 2)} at the end.\n\n${table}`);
};

const main = async (): Promise<void> => {
  const argv = process.argv.slice(2);
  const value = (name: string, fallback: string): string => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
  };
  const options: BivaReferenceOptions = {
    checkout: value('checkout', '/tmp/biva-pytorch'), rounds: Number(value('rounds', '2')), warmup: Number(value('warmup', '1')),
    runs: Number(value('runs', '3')), torchRuns: Number(value('torch-runs', '2')), passiveOnly: argv.includes('--passive-only'),
  };
  const result = await compareBivaReference(options, `npm run bench:biva-reference -- ${argv.join(' ')}`.trim());
  if (E.isLeft(result)) {
    console.log(`bench:biva-reference skipped: ${result.left}`);
    return;
  }
  console.log(`\n${result.right}`);
  const out = argv.includes('--out') ? value('out', '') : '';
  if (out !== '') {
    const tmp = `${out}.${process.pid}.tmp`;
    writeFileSync(tmp, `${result.right}\n`);
    renameSync(tmp, out);
  }
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
