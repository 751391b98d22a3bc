/**
 * `npm run bench`: median milliseconds per training step of the small conv
 * network and of the MLP VAE, on wasm (with strata's training kernels), on
 * cpu and on native (wasm plus the OpenBLAS addon, when built), with the
 * cpu / wasm and wasm / native ratios. Not a test: it prints, and exits 0.
 * Output format (parsed by bench/all.ts): the workload name on one line,
 * then `  wasm X ms   cpu Y ms   cpu/wasm Zx` (wall-time medians), then the
 * expectation line, then `  native N ms   wasm/native Rx` (or `  native
 * unavailable: reason`), then the process CPU time medians, which are what
 * an idle machine would show when others' jobs share the cores; progress
 * goes to stderr.
 */
import { cpus, loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as E from 'fp-ts/lib/Either.js';
import { registerDilatedConvGradients } from '../src/backend/dilated-conv-gradients.js';
import { registerWasmTrainingKernels } from '../src/backend/kernels/register-wasm-training-kernels.js';
import { registerNativeKernels, unregisterNativeKernels } from '../src/backend/native/register.js';
import { convNet, type BenchModel } from './conv-net.js';
import { mlpVae } from './mlp-vae.js';
import { medianStepTimes, type StepTimes } from './timing.js';

interface Workload {
  readonly name: string;
  readonly build: (seed: number) => BenchModel;
  /**
   * Warm-up and measured runs per backend. One cpu conv step takes minutes:
   * tfjs's cpu Conv2DBackpropFilter alone needs about 80 s for one 3x3x64
   * layer at batch 48 and 14x14 on this machine.
   */
  readonly runs: Readonly<Record<'wasm' | 'cpu', readonly [number, number]>>;
  /** Warm-up and measured runs on native. */
  readonly nativeRuns: readonly [number, number];
  /** The expectation for this workload, checked on the medians. */
  readonly expectation: (wasm: StepTimes, cpu: StepTimes) => string;
}

const workloads: readonly Workload[] = [
  {
    name: 'conv net (batch 48, 28x28x1, 5x5x64/2, 2x 3x3x64, dense, Adamax)',
    build: convNet,
    runs: { wasm: [2, 7], cpu: [0, 1] },
    nativeRuns: [3, 15],
    expectation: (wasm, cpu) => `expect cpu/wasm >= 10: ${cpu.wallMs / wasm.wallMs >= 10 ? 'yes' : 'NO'}`,
  },
  {
    name: 'MLP VAE (784-512-512-32, batch 128, Adamax)',
    build: mlpVae,
    runs: { wasm: [3, 15], cpu: [1, 3] },
    nativeRuns: [5, 30],
    expectation: (wasm) =>
      `expect wasm < 60 ms: ${wasm.wallMs < 60 ? 'yes' : 'NO'} (wall); ${wasm.processMs < 60 ? 'yes' : 'NO'} (process CPU time)`,
  },
];

const measure = async (w: Workload, backend: 'wasm' | 'cpu' | 'native'): Promise<StepTimes> => {
  await tf.setBackend(backend === 'native' ? 'wasm' : backend);
  const model = w.build(1);
  try {
    const [warmup, runs] = backend === 'native' ? w.nativeRuns : w.runs[backend];
    return await medianStepTimes(model.step, warmup, runs);
  } finally {
    model.dispose();
  }
};

/** The native step (the kernels registered only around it), or why there is none. */
const measureNative = async (w: Workload): Promise<StepTimes | string> => {
  const native = registerNativeKernels();
  if (E.isLeft(native)) return native.left;
  try {
    return await measure(w, 'native');
  } finally {
    unregisterNativeKernels();
  }
};

const main = async (): Promise<void> => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
  registerDilatedConvGradients();
  const load = loadavg()[0].toFixed(1);
  console.log(`median ms per training step (wasm with strata kernels, cpu, native); load average ${load} on ${cpus().length} cores`);
  for (const w of workloads) {
    const wasm = await measure(w, 'wasm');
    console.error(`  (${w.name}: wasm ${wasm.wallMs.toFixed(1)} ms; now the cpu step, which is slow)`);
    const cpu = await measure(w, 'cpu');
    const ratio = cpu.wallMs / wasm.wallMs;
    console.log(`${w.name}\n  wasm ${wasm.wallMs.toFixed(1)} ms   cpu ${cpu.wallMs.toFixed(1)} ms   cpu/wasm ${ratio.toFixed(1)}x`);
    console.log(`  ${w.expectation(wasm, cpu)}`);
    const native = await measureNative(w);
    console.log(typeof native === 'string'
      ? `  native unavailable: ${native}`
      : `  native ${native.wallMs.toFixed(1)} ms   wasm/native ${(wasm.wallMs / native.wallMs).toFixed(1)}x`);
    const nativeCpu = typeof native === 'string' ? '' : `   native ${native.processMs.toFixed(1)} ms`;
    console.log(`  process CPU time per step: wasm ${wasm.processMs.toFixed(1)} ms   cpu ${cpu.processMs.toFixed(1)} ms${nativeCpu}`);
  }
};

await main();
