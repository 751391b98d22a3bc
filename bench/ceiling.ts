/**
 * `npx tsx bench/ceiling.ts [--runs 5] [--only TEXT] [--out FILE]`
 * (`npm run bench:ceiling`): how close each GEMM-bound training step on
 * native comes to what this machine's BLAS allows at the step's own shapes,
 * and where the rest of the step goes (issue 18).
 *
 * For each workload (the MLP VAE of bench:native, the paper's BIVA with
 * dense and with conv nets, the LSTM language model of bench:text-compare):
 * - the median step time (after 5 warm-up steps) and the step's FLOPs (bench/flops.ts) as GFLOP/s
 *   and as a share of the sgemm peak measured in the same run;
 * - one step under tf.profile: the time inside matrix products and
 *   convolutions, inside every other kernel, and outside kernels
 *   (dispatch, JavaScript, the tape and tf.profile's own bookkeeping), as
 *   shares of the profiled step;
 * - the GEMM floor: every product of the step (a convolution as its im2col
 *   product: N Ho Wo x kh kw Ci x Co, and its two gradients as theirs) timed
 *   alone as one untransposed tf.matMul of its m, k, n on this backend, and
 *   summed. No implementation on this BLAS runs the step's products faster
 *   than that: "of peak at the floor" is the products' FLOPs over the floor
 *   (how well OpenBLAS does at these shapes), and a PyTorch step on the same BLAS divided by the floor is the largest
 *   speed-up over PyTorch any implementation could reach (given where
 *   PyTorch's script exists: the MLP VAE and the LM with its PAD rows
 *   skipped).
 * Transposes, im2col copies and col2im sums are not in the floor (they are
 * not products), so the floor is a lower bound. Prints a markdown table;
 * with --out, writes it there too (temp file, then rename). Not a test.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as E from 'fp-ts/lib/Either.js';
import { registerDilatedConvGradients } from '../src/backend/dilated-conv-gradients.js';
import { registerWasmTrainingKernels } from '../src/backend/kernels/register-wasm-training-kernels.js';
import { registerNativeKernels } from '../src/backend/native/register.js';
import type { BenchModel } from './conv-net.js';
import { gemmShapes, isProductKernel, kernelFlops, type GemmShape } from './flops.js';
import { cpuModel } from './machine.js';
import { bivaStep } from './native-biva.js';
import { nativeMlpVae } from './native-mlp-vae.js';
import { sgemmPeak } from './peak.js';
import { findTorchPython, runTorchMlpVae } from './pytorch.js';
import { fixed, markdownTable } from './table.js';
import { lstmLmStep } from './text-lm.js';
import { defaultTextCompareOptions, runTorchText, type TorchTextRun } from './text-compare.js';
import { median } from './timing.js';

const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const runs = Number(flag('runs') ?? 5);
const only = flag('only');
const out = flag('out');

/** A workload: its bench model and, where a PyTorch script exists, a PyTorch step time in ms. */
interface Workload {
  readonly name: string;
  readonly make: (seed: number) => BenchModel;
  readonly torchMs?: (threads: number) => E.Either<string, number>;
}

/** Median ms of bench/pytorch-text.py's LM with the PAD rows skipped (PASSIVE wait policy), as bench:text-compare runs it. */
const torchLm = (python: string, threads: number): E.Either<string, number> =>
  E.map((r: TorchTextRun) => median(r.ms))(runTorchText(python, { ...defaultTextCompareOptions, runs, model: 'lm', policy: 'PASSIVE', skipPad: true, threads }));

/** Median ms per product of one [m, k] x [k, n] tf.matMul on the current backend (kernels run when called on wasm and native). */
const gemmMs = (() => {
  const cache = new Map<string, number>();
  return ([m, k, n]: GemmShape): number => {
    const key = `${m}x${k}x${n}`;
    const known = cache.get(key);
    if (known !== undefined) return known;
    const [a, b] = [tf.randomUniform([m, k], -1, 1, 'float32', 1), tf.randomUniform([k, n], -1, 1, 'float32', 2)];
    const timeOf = (reps: number): number => {
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) tf.matMul(a, b).dispose();
      return (performance.now() - t0) / reps;
    };
    const once = timeOf(2);
    const reps = Math.max(2, Math.min(200, Math.ceil(20 / Math.max(once, 1e-3))));
    const ms = median(Array.from({ length: 5 }, () => timeOf(reps)));
    tf.dispose([a, b]);
    cache.set(key, ms);
    return ms;
  };
})();

/** One workload's row. */
const measure = async (w: Workload, peakGflops: number, threads: number): Promise<string[]> => {
  const bench = w.make(11);
  try {
    for (let i = 0; i < 5; i++) await bench.step();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await bench.step();
      times.push(performance.now() - t0);
    }
    const stepMs = median(times);
    const t0 = performance.now();
    const info = await tf.profile(async () => {
      await bench.step();
      return [];
    });
    const profiledMs = performance.now() - t0;
    const share = bench.keptRowShare ?? 1;
    let [flops, productMs, otherMs, floorMs, gemmFlops] = [0, 0, 0, 0, 0];
    for (const k of info.kernels) {
      const call = { name: k.name, inputShapes: k.inputShapes as number[][], outputShapes: k.outputShapes as number[][] };
      const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      flops += kernelFlops(call, share);
      if (isProductKernel(k.name)) {
        productMs += ms;
        const shapes = gemmShapes(call, share);
        floorMs += shapes.reduce((s, shape) => s + gemmMs(shape), 0);
        gemmFlops += shapes.reduce((s, [m, k, n]) => s + 2 * m * k * n, 0);
      } else {
        otherMs += ms;
      }
    }
    const outsideMs = Math.max(0, profiledMs - productMs - otherMs);
    const pct = (part: number): string => `${fixed(part)} (${fixed((100 * part) / profiledMs, 0)}%)`;
    const torch = w.torchMs?.(threads);
    const torchCell = torch === undefined ? 'no PyTorch script' : E.isLeft(torch) ? torch.left : fixed(torch.right);
    const bound = torch !== undefined && E.isRight(torch) ? `${fixed(torch.right / stepMs, 2)}x / ${fixed(torch.right / floorMs, 2)}x` : '';
    return [w.name, fixed(stepMs), fixed(flops / 1e9, 2), fixed(flops / (stepMs * 1e6), 1), `${fixed((100 * flops) / (stepMs * 1e6 * peakGflops), 0)}%`,
      fixed(profiledMs), pct(productMs), pct(otherMs), pct(outsideMs), fixed(floorMs),
      `${fixed((100 * gemmFlops) / (floorMs * 1e6 * peakGflops), 0)}%`, torchCell, bound];
  } finally {
    bench.dispose();
  }
};

const main = async (): Promise<void> => {
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
  registerDilatedConvGradients();
  const native = registerNativeKernels();
  if (E.isLeft(native)) throw new Error(`bench: native backend unavailable: ${native.left}`);
  const threads = native.right.blas.threads;
  const python = findTorchPython();
  const all: Workload[] = [
    {
      name: 'MLP VAE 784-512-512-32, batch 128', make: nativeMlpVae,
      torchMs: (t) => (E.isLeft(python) ? python : E.map((r: { stepMs: readonly number[] }) => median(r.stepMs))(runTorchMlpVae(python.right, t, 'PASSIVE', 3, Math.max(runs, 10)))),
    },
    { name: 'BIVA paper, dense nets, batch 48', make: bivaStep(false) },
    { name: 'BIVA paper, conv nets, batch 48', make: bivaStep(true) },
    { name: 'LSTM LM, batch 48 (PAD rows skipped)', make: lstmLmStep(32, 64, 48), torchMs: (t) => (E.isLeft(python) ? python : torchLm(python.right, t)) },
  ];
  const workloads = all.filter((w) => only === undefined || w.name.includes(only));
  const load0 = loadavg()[0];
  const peak = await sgemmPeak();
  const rows: string[][] = [];
  for (const w of workloads) {
    console.error(`  ${w.name} ...`);
    rows.push(await measure(w, peak.gflops, threads));
  }
  const table = markdownTable(['workload', 'step ms (median)', 'GFLOP/step', 'GFLOP/s', 'of peak', 'profiled step ms', 'in products ms', 'in other kernels ms',
    'outside kernels ms', 'GEMM floor ms', 'ceiling: of peak at the floor', 'PyTorch ms (PASSIVE)', 'PyTorch / strata now / at the floor'], rows);
  const note = `Command: \`npx tsx bench/ceiling.ts ${argv.join(' ')}\`; ${new Date().toISOString()}; ${cpuModel()}; ${native.right.blas.config} (${threads} threads); ` +
    `sgemm peak ${fixed(peak.gflops, 1)} GFLOP/s (n = ${peak.n}); ${runs} measured steps after 5 warm-up; 1-minute load average ${fixed(load0, 2)} at the start, ${fixed(loadavg()[0], 2)} at the end.`;
  console.log(`\n${note}\n\n${table}`);
  if (out !== undefined) {
    const tmp = `${out}.${process.pid}.tmp`;
    writeFileSync(tmp, `${note}\n\n${table}\n`);
    renameSync(tmp, out);
  }
};

await main();
