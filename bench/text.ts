/**
 * `npx tsx bench/text.ts [--model biva-lstm|sentence-vae|lm|vae] [--preset tiny] [--batch 48] [--warmup 2] [--runs 5] [--backend native|wasm] [--profile] [--ab]`:
 * sentences per second of the `biva-lstm` training step (bench/text-model.ts; or
 * the LSTM language model or sentence VAE of bench/text-compare.ts, E 32, H 64;
 * Brown-shaped random sentences, default flags: preset tiny, batch 48,
 * Adamax) on one backend, with the process's CPU time per step beside the
 * wall time (on a shared host the CPU time moves less with the load); with
 * `--profile`, one more step under tf.profile
 * with each kernel's total time, grouped by kernel name. With `--ab`
 * (biva-lstm), the steps alternate in one process with the same model whose
 * Categorical has no PAD id (every row through the output layer and the
 * cross-entropy: the cost before the PAD skip, bench/text-model.ts's
 * withoutPadSkip), so that both see the same load. Prints one JSON line
 * last (the figures), so that old and new trees can be run in turn and compared.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as E from 'fp-ts/lib/Either.js';
import { registerWasmTrainingKernels } from '../src/backend/kernels/register-wasm-training-kernels.js';
import { registerNativeKernels } from '../src/backend/native/register.js';
import { fixed } from './table.js';
import { lstmLmStep } from './text-lm.js';
import { bivaLstmStep, sentenceVae, textStep, zooTextStep } from './text-model.js';
import { median } from './timing.js';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const preset = option('preset', 'tiny');
const batch = Number(option('batch', '48'));
const warmup = Number(option('warmup', '2'));
const runs = Number(option('runs', '5'));
const backend = option('backend', 'native');

await tf.setBackend('wasm');
registerWasmTrainingKernels();
if (backend === 'native') {
  const native = registerNativeKernels();
  if (E.isLeft(native)) throw new Error(`bench: native backend unavailable: ${native.left}`);
}
const which = option('model', 'biva-lstm');
const makers: Record<string, () => ReturnType<ReturnType<typeof bivaLstmStep>>> = {
  'biva-lstm': () => bivaLstmStep(preset, batch)(11),
  'sentence-vae': () => zooTextStep('sentence-vae', preset, batch)(11),
  lm: () => lstmLmStep(32, 64, batch)(11),
  vae: () => textStep(sentenceVae(32, 64, 16), batch)(11),
};
if (makers[which] === undefined) throw new Error(`bench: --model must be one of ${Object.keys(makers).join(', ')}, got ${which}`);
if (argv.includes('--ab')) {
  if (which !== 'biva-lstm') throw new Error('bench: --ab compares biva-lstm only');
  const skip = bivaLstmStep(preset, batch)(11);
  const all = bivaLstmStep(preset, batch, true)(11);
  for (let i = 0; i < warmup; i++) {
    await skip.step();
    await all.step();
  }
  const timed = async (b: typeof skip): Promise<number> => {
    const t0 = performance.now();
    await b.step();
    return performance.now() - t0;
  };
  const pairs: [number, number][] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so that neither always follows the other.
    if (i % 2 === 0) {
      const a = await timed(skip);
      pairs.push([a, await timed(all)]);
    } else {
      const b = await timed(all);
      pairs.push([await timed(skip), b]);
    }
  }
  const skipMs = median(pairs.map((p) => p[0]));
  const allMs = median(pairs.map((p) => p[1]));
  const ratio = median(pairs.map(([a, b]) => b / a));
  console.log(`biva-lstm ${preset} batch ${batch} on ${backend}, alternating steps: PAD skipped ${pairs.map((p) => fixed(p[0], 0)).join(' ')} ms, median ${fixed(skipMs, 0)} ms = ${fixed((1000 * batch) / skipMs, 1)} sentences/s; every row ${pairs.map((p) => fixed(p[1], 0)).join(' ')} ms, median ${fixed(allMs, 0)} ms = ${fixed((1000 * batch) / allMs, 1)} sentences/s; median of the pairs' ratios ${fixed(ratio, 2)}x`);
  skip.dispose();
  all.dispose();
  console.log(JSON.stringify({ preset, batch, backend, skipMs: pairs.map((p) => p[0]), allMs: pairs.map((p) => p[1]), medianSkipMs: skipMs, medianAllMs: allMs, medianRatio: ratio }));
  process.exit(0);
}
const bench = makers[which]();
for (let i = 0; i < warmup; i++) await bench.step();
const ms: number[] = [];
const cpuMs: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await bench.step();
  const c = process.cpuUsage(c0);
  ms.push(performance.now() - t0);
  cpuMs.push((c.user + c.system) / 1000);
}
const stepMs = median(ms);
console.log(`${which} ${preset} batch ${batch} on ${backend}: steps ${ms.map((t) => fixed(t, 0)).join(' ')} ms; median ${fixed(stepMs, 0)} ms = ${fixed((1000 * batch) / stepMs, 1)} sentences/s; process CPU per step (all threads) median ${fixed(median(cpuMs), 0)} ms`);
if (argv.includes('--profile')) {
  const t0 = performance.now();
  const profile = await tf.profile(() => bench.step());
  const wall = performance.now() - t0;
  const totals = new Map<string, { ms: number; calls: number }>();
  for (const k of profile.kernels) {
    const t = totals.get(k.name) ?? { ms: 0, calls: 0 };
    totals.set(k.name, { ms: t.ms + (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0), calls: t.calls + 1 });
  }
  const kernelMs = [...totals.values()].reduce((a, t) => a + t.ms, 0);
  console.log(`profiled step: ${fixed(wall, 0)} ms wall, ${fixed(kernelMs, 0)} ms in ${profile.kernels.length} kernel calls`);
  console.log('| kernel | calls | ms | share |\n|---|---|---|---|');
  for (const [name, t] of [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20)) {
    console.log(`| ${name} | ${t.calls} | ${fixed(t.ms, 1)} | ${fixed((100 * t.ms) / kernelMs, 1)}% |`);
  }
}
bench.dispose();
console.log(JSON.stringify({ preset, batch, backend, stepMs: ms, medianMs: stepMs, sentencesPerSecond: (1000 * batch) / stepMs, cpuMs, medianCpuMs: median(cpuMs) }));
