/**
 * `npm run bench:all`: every benchmark of issue 8 in one run. The sections
 * of bench/run.ts (run as a child process, its output parsed), training
 * throughput of the zoo models, DSL overhead, streaming IWAE speed and
 * memory, training memory. Prints one markdown table per section and writes
 * everything to bench/results/latest.json and latest.md (temp file, then
 * rename). A benchmark measures: it asserts nothing and exits 0.
 * Flags: `--quick` (a few steps everywhere, for development),
 * `--paper-runs N` (measured steps of the paper preset, default 3 after 1 warm-up; 0 skips it, as `--quick` does),
 * `--pytorch-rounds N` (interleaved rounds of the MLP VAE step against PyTorch, bench/pytorch.ts; default 3, 1 with `--quick`, 0 skips it),
 * `--backend-steps N` (measured steps of the tiny VAE on every Node and browser backend, bench/webgpu.ts; default 10 after 3 warm-up, 2 after 1 with `--quick`, 0 skips it),
 * `--text-rounds N` (interleaved rounds of the text models against PyTorch, bench/text-compare.ts; default 2, 1 with `--quick`, 0 skips it),
 * `--dsl-rounds N` (interleaved rounds of the compiled LVAE and the IWAE evaluation against PyTorch, bench/dsl-compare.ts; default 3, 1 with `--quick`, 0 skips it).
 * Sections run fastest first and bench/run.ts last; the result files are rewritten after each.
 */
import { execFileSync } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as E from 'fp-ts/lib/Either.js';
import { registerDilatedConvGradients } from '../src/backend/dilated-conv-gradients.js';
import { registerWasmTrainingKernels } from '../src/backend/kernels/register-wasm-training-kernels.js';
import { registerNativeKernels, unregisterNativeKernels } from '../src/backend/native/register.js';
import { dslOverhead, type OverheadRow } from './dsl-overhead.js';
import { iwaeBench } from './iwae-memory.js';
import { machine, threadsOf, type BenchBackend } from './machine.js';
import { sgemmPeak, type Peak } from './peak.js';
import { compareWithPytorch, comparisonSetup, comparisonTable, defaultCompareOptions } from './pytorch.js';
import { fixed, markdownTable } from './table.js';
import { compareDsl, defaultDslCompareOptions } from './dsl-compare.js';
import { compareText, defaultTextCompareOptions } from './text-compare.js';
import { throughput, throughputModels, type ThroughputRow } from './throughput.js';
import { trainMemory, type MemoryPoint } from './train-memory.js';
import { allBackends, BACKEND_BATCH, backendTable, benchBackends } from './webgpu.js';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const flag = (name: string, fallback: number): number => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const BATCH = 48;
const denseRuns: readonly [number, number] = quick ? [1, 2] : [3, 20];
const paperRuns: readonly [number, number] = [1, flag('--paper-runs', quick ? 0 : 3)];
const overheadRounds = quick ? 3 : 30;
const pytorchRounds = flag('--pytorch-rounds', quick ? 1 : 3);
const textRounds = flag('--text-rounds', quick ? 1 : 2);
const dslRounds = flag('--dsl-rounds', quick ? 1 : 3);
const memorySteps = quick ? 20 : 500;
const backendRuns = { warmup: quick ? 1 : 3, steps: flag('--backend-steps', quick ? 2 : 10) };
const here = dirname(fileURLToPath(import.meta.url));
const info = machine();
const mb = (bytes: number): string => fixed(bytes / 2 ** 20, 1);

/** A throughput row with where it ran. */
interface Placed<T> {
  readonly backend: BenchBackend;
  readonly threads: string;
  readonly row: T;
}

/** Switches to `backend`; native is wasm with the native kernels registered, wasm without them. */
const useBackend = async (backend: BenchBackend): Promise<void> => {
  if (backend === 'native') registerNativeKernels();
  if (backend === 'wasm') unregisterNativeKernels();
  await tf.setBackend(backend === 'native' ? 'wasm' : backend);
};

/** One workload of bench/run.ts: wasm / cpu medians, and native's when it ran. */
interface ExistingRow {
  readonly workload: string;
  readonly wasmMs: number;
  readonly cpuMs: number;
  readonly ratio: number;
  readonly expectation: string;
  readonly nativeMs?: number;
  readonly nativeRatio?: number;
}

/** The output of bench/run.ts and its medians per workload. */
const runExisting = (): { output: string; rows: ExistingRow[] } => {
  const output = execFileSync(process.execPath, ['--import', 'tsx', join(here, 'run.ts')], { encoding: 'utf8' });
  const lines = output.split('\n');
  const rows = lines.flatMap((line, i) => {
    const m = /^\s+wasm ([\d.]+) ms\s+cpu ([\d.]+) ms\s+cpu\/wasm ([\d.]+)x/.exec(line);
    const native = /^\s+native ([\d.]+) ms\s+wasm\/native ([\d.]+)x/.exec(lines[i + 2] ?? '');
    return m === null ? [] : [{
      workload: lines[i - 1], wasmMs: Number(m[1]), cpuMs: Number(m[2]), ratio: Number(m[3]), expectation: (lines[i + 1] ?? '').trim(),
      ...(native === null ? {} : { nativeMs: Number(native[1]), nativeRatio: Number(native[2]) }),
    }];
  });
  return { output, rows };
};

/**
 * Measures every zoo model on each of `backends` in turn, model by model, so
 * that the backends of one model run minutes apart, not a whole section
 * apart (a shared host's speed drifts).
 */
const measureZoo = async (backends: readonly { backend: BenchBackend; threads: string }[], preset: string,
  runs: readonly [number, number]): Promise<Placed<ThroughputRow>[]> => {
  const rows: Placed<ThroughputRow>[] = [];
  for (const name of throughputModels) {
    for (const { backend, threads } of backends) {
      await useBackend(backend);
      const row = await throughput(name, preset, BATCH, runs[0], runs[1]);
      console.error(`  ${backend} ${preset} ${name}: ${fixed(row.stepMs.median)} ms`);
      rows.push({ backend, threads, row });
    }
  }
  return rows;
};

const out = join(here, 'results');
const write = (file: string, text: string): void => {
  const tmp = join(out, `.${file}.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, join(out, file));
};

const main = async (): Promise<void> => {
  const md: string[] = [
    `# strata benchmarks`,
    '',
    `Command: \`npm run bench:all${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}\`. Started ${new Date().toISOString()}.`,
    `Machine: ${info.cpu}, ${info.cores} cores, Node ${info.node}, 1-minute load average ${fixed(info.load1, 2)} at the start` +
      ` (shared with other jobs: timings are noisy). Data: seeded random binary images (each pixel 1 with probability 0.3) of MNIST's shape; weights untrained.`,
  ];
  const results: Record<string, unknown> = { machine: info, quick, command: `npm run bench:all ${argv.join(' ')}`.trim() };
  /** Adds a section's table and data, and rewrites both result files, so a stopped run keeps what it measured. */
  const section = (key: string, data: unknown, title: string, note: string, table: string): void => {
    md.push('', `## ${title}`, '', note, '', table);
    console.log(`\n## ${title}\n\n${note}\n\n${table}`);
    results[key] = data;
    results.finished = new Date().toISOString();
    write('latest.json', `${JSON.stringify(results, null, 2)}\n`);
    write('latest.md', `${md.join('\n')}\n`);
  };
  let peak: Peak | undefined;
  const zooTable = (rows: readonly Placed<ThroughputRow>[]): string =>
    markdownTable(['model', 'preset', 'params', 'backend', 'threads', 'batch', 'steps', 'median ms/step', 'images/s median', 'images/s min', 'images/s max',
      'GFLOP/step', 'GFLOP/s', '% of sgemm peak', 'GEMM share', 'CPU'],
      rows.map(({ backend, threads, row }) => [row.model, row.preset, String(row.parameters), backend, threads, String(row.batch), `${row.stepMs.n} (+${row.warmup})`,
        fixed(row.stepMs.median), fixed(row.imagesPerSecond.median), fixed(row.imagesPerSecond.min), fixed(row.imagesPerSecond.max),
        fixed(row.flopsPerStep / 1e9, 3), fixed(row.gflopsPerSecond, 2), peak === undefined ? '' : fixed((100 * row.gflopsPerSecond) / peak.gflops),
        `${fixed(100 * row.gemmShare)}%`, info.cpu]));

  await tf.setBackend('cpu');
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
  registerDilatedConvGradients();

  const native = registerNativeKernels();
  unregisterNativeKernels();
  const nativeNote = E.isLeft(native) ? `native backend unavailable: ${native.left}` : `native = wasm + ${native.right.blas.config} (${native.right.blas.parallel})`;
  const nativePlace = E.isRight(native) ? [{ backend: 'native' as const, threads: threadsOf('native', native.right.blas.threads) }] : [];
  const wasmPlace = { backend: 'wasm' as const, threads: threadsOf('wasm') };

  console.error('sgemm peak ...');
  await useBackend(E.isRight(native) ? 'native' : 'wasm');
  peak = await sgemmPeak(quick ? 1024 : 2048, quick ? 2 : 5);
  const wasmPeak = await (async () => {
    await useBackend('wasm');
    return sgemmPeak(quick ? 512 : 1024, quick ? 2 : 3);
  })();
  section('peak', { blas: peak, wasm: wasmPeak }, '0. Measured sgemm peak (the yardstick of every GFLOP/s figure)',
    `A ${peak.n} x ${peak.n} float32 product through tf.matMul on ${E.isRight(native) ? 'native (OpenBLAS, its threads)' : 'wasm'}, median of ${peak.runs} runs; ` +
      `wasm alone (XNNPACK, one thread) for comparison. FLOPs per step count 2 per multiply-add of products and convolutions and 1 per output element of every other kernel (bench/flops.ts); ` +
      "'% of sgemm peak' divides a row's GFLOP/s by the first line.",
    markdownTable(['product', 'backend', 'median ms', 'GFLOP/s', 'CPU'], [
      [`${peak.n}^3`, E.isRight(native) ? 'native (OpenBLAS)' : 'wasm', fixed(peak.medianMs), fixed(peak.gflops, 1), info.cpu],
      [`${wasmPeak.n}^3`, 'wasm (XNNPACK)', fixed(wasmPeak.medianMs), fixed(wasmPeak.gflops, 1), info.cpu],
    ]));

  console.error('throughput ...');
  const small = await measureZoo([{ backend: 'cpu', threads: threadsOf('cpu') }, wasmPlace, ...nativePlace], 'small', denseRuns);
  const dense = small.filter((z) => z.backend !== 'native');
  const nativeDense = small.filter((z) => z.backend === 'native');
  section('throughputDense', dense, '1a. Training throughput, dense small preset (images/s, batch 48)',
    `DSL training step (trace + ELBO + Adam) of the zoo models, median of ${denseRuns[1]} steps after ${denseRuns[0]} warm-up; ` +
      'each model runs on cpu, wasm and native (1b) in turn.', zooTable(dense));
  section('throughputNative', { nativeNote, rows: nativeDense }, '1b. Training throughput on native, dense small preset (images/s, batch 48)',
    `As 1a, measured right after the same model on wasm. ${nativeNote}.`, zooTable(nativeDense));

  console.error('DSL overhead ...');
  await useBackend('wasm');
  const overhead: OverheadRow[] = await dslOverhead(BATCH, 3, overheadRounds);
  section('overhead', overhead, '2. DSL overhead (wasm, batch 48)',
    `Hand-written tfjs (bench/hand-vae.ts, bench/hand-lvae.ts) against the compiled DSL spec of the same model, ${overheadRounds} interleaved pairs of steps after 3 warm-up steps each. Target: ratio within 3%.`,
    markdownTable(['model', 'params hand / DSL', 'backend', 'threads', 'batch', 'hand median ms (min-max)', 'DSL median ms (min-max)', 'DSL / hand', 'CPU'],
      overhead.map((r) => [r.model, `${r.handParameters} / ${r.dslParameters}`, 'wasm', threadsOf('wasm'), String(r.batch),
        `${fixed(r.hand.median)} (${fixed(r.hand.min)}-${fixed(r.hand.max)})`, `${fixed(r.dsl.median)} (${fixed(r.dsl.min)}-${fixed(r.dsl.max)})`, fixed(r.ratio, 3), info.cpu])));

  console.error('IWAE ...');
  const iwae = await iwaeBench(16, 1000, 100, quick ? [100, 300] : [100, 1000, 5000]);
  section('iwae', iwae, '3. Streaming IWAE evaluation (small VAE 784-512-512-32, wasm)',
    `iwaeStreaming with K = ${iwae.speed.k}, chunk ${iwae.speed.chunk}, batch ${iwae.speed.batch}: ${fixed(iwae.speed.seconds, 2)} s, ` +
      `${fixed(iwae.speed.imagesPerSecond)} images/s (${fixed((1000 * iwae.speed.seconds) / iwae.speed.batch)} ms per image). ` +
      'Memory from its onChunk probe: while a chunk\'s traces are alive, and after the chunk. ' +
      'Tensor bytes include the parameters (1.4M floats, 5.5 MB).',
    markdownTable(['K', 'chunk', 'backend', 'threads', 'batch', 'peak tensor MiB in a chunk', 'peak tensor MiB after a chunk', 'peak RSS MiB', 'CPU'],
      iwae.memory.map((r) => [String(r.k), String(r.chunk), 'wasm', threadsOf('wasm'), String(r.batch), mb(r.peakBytesInChunk), mb(r.peakBytesAfterChunk), mb(r.peakRss), info.cpu])));

  console.error('training memory ...');
  const memory: MemoryPoint[] = await trainMemory(BATCH, memorySteps);
  section('memory', memory, '4. Training memory (small VAE, wasm, batch 48)',
    'tf.memory() during training with the DSL step; equal rows mean no leak per step.',
    markdownTable(['after steps', 'numTensors', 'numBytes', 'backend', 'threads', 'batch', 'CPU'],
      memory.map((p) => [String(p.steps), String(p.numTensors), String(p.numBytes), 'wasm', threadsOf('wasm'), String(BATCH), info.cpu])));

  if (backendRuns.steps > 0) {
    console.error('webgpu and browser backends ...');
    const backends = await benchBackends({ ...backendRuns, ...allBackends });
    section('backends', backends, `6. Every backend, Node and browser: tiny VAE (images/s, batch ${BACKEND_BATCH})`,
      `bench/webgpu.ts: the tiny VAE (MNIST) trained ${backendRuns.steps} steps after ${backendRuns.warmup} warm-up on Node's cpu, wasm, native and webgpu (each in its own process) ` +
        "and on the browser's webgl, wasm and webgpu (the example page in headless Chromium, --disable-gpu), each row labelled with its adapter. " +
        'Without a GPU every GPU row runs on a software adapter (llvmpipe, SwiftShader): they check the paths, not GPU speed. A backend without an adapter or a browser is listed as not measured, with the reason.',
      backendTable(backends));
  }

  console.error('paper preset throughput ...');
  const paper = paperRuns[1] > 0 ? await measureZoo([wasmPlace, ...nativePlace], 'paper', paperRuns) : [];
  const wasmBiva = paper.find((z) => z.backend === 'wasm' && z.row.model === 'biva')?.row.stepMs.median;
  const cpuPaperNote = wasmBiva === undefined ? 'Paper preset not run (`--paper-runs 0`).' :
    `Paper preset on cpu skipped: the wasm BIVA step takes ${fixed(wasmBiva / 1000)} s and cpu convolutions are at least 10x slower than wasm (bench/run.ts), so one cpu step would take more than 60 s.`;
  section('throughputPaper', { cpuPaperNote, rows: paper }, '1c. Training throughput, convolutional paper preset (images/s, batch 48)',
    `Median of only ${paperRuns[1]} steps after ${paperRuns[0]} warm-up (seconds per step); each model on wasm, then on native. ${cpuPaperNote}`, zooTable(paper));

  if (pytorchRounds > 0) {
    console.error('PyTorch comparison ...');
    if (E.isRight(native)) await useBackend('native');
    const compared = E.isLeft(native) ? E.left(nativeNote) :
      await compareWithPytorch({ ...defaultCompareOptions(native.right.blas.threads), rounds: pytorchRounds });
    section('pytorch', E.isLeft(compared) ? { unavailable: compared.left } : compared.right,
      '5. MLP VAE training step, strata native against PyTorch (batch 128, Adam)',
      'The model of bench/native-mlp-vae.ts and the same model in PyTorch (bench/pytorch-mlp-vae.py). ' +
        'Target (issue 9): strata native at most 1.5x PyTorch\'s step time. ' +
        (E.isLeft(compared) ? '' : comparisonSetup(compared.right)),
      E.isLeft(compared) ? `PyTorch comparison unavailable: ${compared.left}` : comparisonTable(compared.right, info.cpu));
  }

  if (textRounds > 0) {
    console.error('text models ...');
    const text = await compareText({ ...defaultTextCompareOptions, rounds: textRounds, ...(quick ? { warmup: 1, runs: 2 } : {}) },
      `npm run bench:all ${argv.join(' ')}`.trim());
    section('text', E.isLeft(text) ? { unavailable: text.left } : text.right, '7. Text models on native against PyTorch (batch 48, 41 tokens, 20,004 words)',
      'The LSTM language model (bench/text-lm.ts) and the sentence VAE (bench/text-model.ts) beside the same models in PyTorch ' +
        '(bench/pytorch-text.py), and the zoo\'s biva-lstm; bench/text-compare.ts. ' + (E.isLeft(text) ? '' : text.right.note),
      E.isLeft(text) ? `Text comparison unavailable: ${text.left}` : text.right.table);
  }

  if (dslRounds > 0) {
    console.error('DSL models against PyTorch ...');
    const dsl = await compareDsl({ ...defaultDslCompareOptions, rounds: dslRounds, ...(quick ? { warmup: 1, runs: 2, k: 200 } : {}) },
      `npm run bench:all ${argv.join(' ')}`.trim());
    section('dsl', E.isLeft(dsl) ? { unavailable: dsl.left } : dsl.right, '8. Compiled DSL models on native against PyTorch (LVAE training, IWAE evaluation)',
      'The two-layer LVAE of bench/hand-lvae.ts trained through the DSL (trace, ELBO, strata\'s Adam) and the VAE\'s IWAE bound by ' +
        'iwaeStreaming, beside the same models in PyTorch (bench/pytorch-dsl.py); bench/dsl-compare.ts. ' + (E.isLeft(dsl) ? '' : dsl.right.note),
      E.isLeft(dsl) ? `DSL comparison unavailable: ${dsl.left}` : dsl.right.table);
  }

  console.error('bench/run.ts ...');
  const existing = runExisting();
  section('existing', existing, 'bench/run.ts: median ms per training step (wasm with strata kernels, cpu, native)', 'Output of `npm run bench`, parsed.',
    markdownTable(['workload', 'wasm ms', 'cpu ms', 'cpu/wasm', 'expectation', 'native ms', 'wasm/native', 'CPU'],
      existing.rows.map((r) => [r.workload, fixed(r.wasmMs), fixed(r.cpuMs), `${fixed(r.ratio)}x`, r.expectation,
        r.nativeMs === undefined ? 'not built' : fixed(r.nativeMs), r.nativeRatio === undefined ? '' : `${fixed(r.nativeRatio)}x`, info.cpu])));
  console.error(`wrote ${join(out, 'latest.json')} and latest.md`);
};

await main();
