/**
 * `npm run bench:native`: median milliseconds per training step on wasm
 * (with strata's training kernels) and on the native backend (wasm plus the
 * native kernels), for the MLP VAE (Adam) and the small conv network.
 * `--runs N` sets the measured steps per round (default 20, after 5 warm-up
 * steps); `--rounds N` (default 3) alternates wasm and native rounds on the
 * same workload, so that drift in a shared machine's speed hits both, and
 * reports medians over rounds; `--biva` adds BIVA timings (paper config,
 * dense nets with `--runs` steps a round, and convolutional with 3 steps a
 * round, about a minute a round on wasm); `--only TEXT` keeps the workloads
 * whose name contains TEXT.
 * When a Python with torch is found (bench/pytorch.ts), the MLP VAE step of
 * strata native is also measured side by side with the same model in PyTorch
 * (bench/pytorch-mlp-vae.py), in interleaved rounds, against issue 9's
 * target of at most 1.5x PyTorch's time; `--pytorch-rounds N` (default 3, 0
 * skips it).
 * Not a test: it prints, and exits 0 (also when the addon or torch is missing).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as E from 'fp-ts/lib/Either.js';
import { registerDilatedConvGradients } from '../src/backend/dilated-conv-gradients.js';
import { registerWasmTrainingKernels } from '../src/backend/kernels/register-wasm-training-kernels.js';
import { registerNativeKernels, unregisterNativeKernels } from '../src/backend/native/register.js';
import { convNet, type BenchModel } from './conv-net.js';
import { cpuModel } from './machine.js';
import { bivaStep } from './native-biva.js';
import { nativeMlpVae } from './native-mlp-vae.js';
import { compareWithPytorch, comparisonSetup, comparisonTable, defaultCompareOptions } from './pytorch.js';
import { median, medianStepMs } from './timing.js';

interface Workload {
  readonly name: string;
  readonly build: (seed: number) => BenchModel;
  readonly warmup: number;
  readonly runs: number;
}

const flag = (name: string): number => process.argv.indexOf(name);
const runs = flag('--runs') >= 0 ? Number(process.argv[flag('--runs') + 1]) : 20;
const rounds = flag('--rounds') >= 0 ? Number(process.argv[flag('--rounds') + 1]) : 3;
const pytorchRounds = flag('--pytorch-rounds') >= 0 ? Number(process.argv[flag('--pytorch-rounds') + 1]) : 3;

const only = flag('--only') >= 0 ? process.argv[flag('--only') + 1] : '';

const allWorkloads: readonly Workload[] = [
  { name: 'MLP VAE (784-512-512-32, Bernoulli, batch 128, Adam)', build: nativeMlpVae, warmup: 5, runs },
  { name: 'conv net (batch 48, 28x28x1, 5x5x64/2, 2x 3x3x64, dense, Adamax)', build: convNet, warmup: 5, runs },
  ...(flag('--biva') >= 0 ? [
    { name: 'BIVA, paper config, dense nets (batch 48, Adamax)', build: bivaStep(false), warmup: 2, runs },
    { name: 'BIVA, paper config, conv ResNet blocks (batch 48, Adamax)', build: bivaStep(true), warmup: 1, runs: 3 },
  ] : []),
];

const workloads = allWorkloads.filter((w) => w.name.includes(only));

/** Per-round medians (ms per step) of one workload on wasm and on native. */
interface Rounds {
  readonly wasm: number[];
  readonly native: number[];
}

/**
 * Alternates rounds of wasm and native steps on one workload, each on its
 * own copy built under its kernels (the optimizers pick their kernels when
 * built).
 */
const interleaved = async (w: Workload): Promise<Rounds> => {
  unregisterNativeKernels();
  const onWasm = w.build(1);
  registerNativeKernels();
  const onNative = w.build(1);
  const result: Rounds = { wasm: [], native: [] };
  try {
    for (let r = 0; r < rounds; r++) {
      const warmup = r === 0 ? w.warmup : 1;
      unregisterNativeKernels();
      result.wasm.push(await medianStepMs(onWasm.step, warmup, w.runs));
      registerNativeKernels();
      result.native.push(await medianStepMs(onNative.step, warmup, w.runs));
    }
  } finally {
    onWasm.dispose();
    onNative.dispose();
  }
  return result;
};

const main = async (): Promise<void> => {
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
  registerDilatedConvGradients();
  const native = registerNativeKernels();
  if (E.isLeft(native)) {
    console.log(`native backend unavailable: ${native.left}`);
    for (const w of workloads) {
      const model = w.build(1);
      console.log(`${w.name}\n  wasm ${(await medianStepMs(model.step, w.warmup, w.runs)).toFixed(1)} ms`);
      model.dispose();
    }
    return;
  }
  const { blas } = native.right;
  console.log(`median ms per training step over ${rounds} alternating rounds; native = wasm + ` +
    `${blas.config} (${blas.threads} ${blas.parallel} threads, ` +
    `OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE ?? 'auto'})`);
  for (const w of workloads) {
    const r = await interleaved(w);
    const ratios = r.wasm.map((x, i) => x / r.native[i]);
    console.log(`${w.name}, ${w.runs} steps a round\n  wasm ${median(r.wasm).toFixed(1)} ms   ` +
      `native ${median(r.native).toFixed(1)} ms   wasm/native ${(median(r.wasm) / median(r.native)).toFixed(1)}x ` +
      `(rounds ${ratios.map((x) => x.toFixed(1)).join(', ')})`);
  }
  if (pytorchRounds <= 0) return;
  console.log('\nMLP VAE step, strata native against PyTorch (issue 9: at most 1.5x)');
  const compared = await compareWithPytorch({ ...defaultCompareOptions(blas.threads), rounds: pytorchRounds });
  if (E.isLeft(compared)) {
    console.log(`  PyTorch comparison unavailable: ${compared.left}`);
    return;
  }
  console.log(`${comparisonSetup(compared.right)}\n\n${comparisonTable(compared.right, cpuModel())}`);
};

await main();
