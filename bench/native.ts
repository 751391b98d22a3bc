/**
 * `npm run bench:native`: median milliseconds per training step on wasm
 * (with strata's training kernels) and on the native backend (wasm plus the
 * OpenBLAS kernels), for the MLP VAE (Adam) and the small conv network.
 * `--runs N` sets the measured steps (default 20, after 5 warm-up steps).
 * Not a test: it prints, and exits 0 (also when the addon is not built).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as E from 'fp-ts/lib/Either.js';
import { registerDilatedConvGradients } from '../src/backend/dilated-conv-gradients.js';
import { registerWasmTrainingKernels } from '../src/backend/kernels/register-wasm-training-kernels.js';
import { registerNativeKernels } from '../src/backend/native/register.js';
import { convNet, type BenchModel } from './conv-net.js';
import { nativeMlpVae } from './native-mlp-vae.js';
import { medianStepMs } from './timing.js';

const workloads: ReadonlyArray<readonly [string, (seed: number) => BenchModel]> = [
  ['MLP VAE (784-512-512-32, Bernoulli, batch 128, Adam)', nativeMlpVae],
  ['conv net (batch 48, 28x28x1, 5x5x64/2, 2x 3x3x64, dense, Adamax)', convNet],
];

const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag >= 0 ? Number(process.argv[runsFlag + 1]) : 20;

const measureAll = async (): Promise<number[]> => {
  const medians: number[] = [];
  for (const [, build] of workloads) {
    const model = build(1);
    try {
      medians.push(await medianStepMs(model.step, 5, runs));
    } finally {
      model.dispose();
    }
  }
  return medians;
};

const main = async (): Promise<void> => {
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
  registerDilatedConvGradients();
  const wasm = await measureAll();
  const native = registerNativeKernels();
  if (E.isLeft(native)) {
    console.log(`native backend unavailable: ${native.left}`);
    workloads.forEach(([name], i) => console.log(`${name}\n  wasm ${wasm[i].toFixed(1)} ms`));
    return;
  }
  const fast = await measureAll();
  console.log(`median ms per training step over ${runs} steps; native = wasm + ` +
    `${native.right.blas.config} (${native.right.blas.threads} ${native.right.blas.parallel} threads, ` +
    `OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE ?? 'auto'})`);
  workloads.forEach(([name], i) => console.log(`${name}\n  wasm ${wasm[i].toFixed(1)} ms   ` +
    `native ${fast[i].toFixed(1)} ms   wasm/native ${(wasm[i] / fast[i]).toFixed(1)}x`));
};

await main();
