/**
 * `npx tsx bench/text-compare.ts [--rounds 2] [--warmup 2] [--runs 5] [--embed 32] [--hidden 64] [--latent 16] [--batch 48] [--out FILE]`:
 * issue 18's text workloads on native (the wasm backend with strata's
 * kernels) beside PyTorch (bench/pytorch-text.py, the same models and
 * shapes, Debian's python3-torch with the same OpenBLAS threads, once with
 * OpenMP's default wait policy and once PASSIVE, as bench/pytorch.ts runs
 * it), in interleaved rounds: the LSTM language model (bench/text-lm.ts)
 * and the sentence VAE (bench/text-model.ts), then the zoo's biva-lstm
 * (no PyTorch counterpart). Prints, per workload: median ms per step,
 * sentences/s, GFLOP per step (bench/flops.ts) and GFLOP/s, PyTorch's
 * medians and two speed ratios (PyTorch ms / strata ms, above 1 = strata
 * faster): against PyTorch's output layer over every position with
 * ignore_index (as a PyTorch user usually writes it), and against PyTorch
 * with the PAD rows selected away first (`--skip-pad`, what strata's
 * maskedAffine does: the like-for-like figure); with --out, writes the table there too (temp file, then rename).
 * `compareText` is the same for bench/all.ts's section 6.
 */
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as E from 'fp-ts/lib/Either.js';
import { registerWasmTrainingKernels } from '../src/backend/kernels/register-wasm-training-kernels.js';
import { registerNativeKernels } from '../src/backend/native/register.js';
import { runComparisonCli, strataRound, type CountedBench } from './comparison.js';
import { cpuModel } from './machine.js';
import { findTorchPython, runTorchModel, waitPolicies, type TorchModelRun } from './pytorch.js';
import { fixed, markdownTable } from './table.js';
import { bivaLstmStep, sentenceVae, textStep } from './text-model.js';
import { lstmLmStep } from './text-lm.js';
import { median } from './timing.js';

/** Steps, rounds and shapes of the comparison. */
export interface TextCompareOptions {
  readonly rounds: number;
  readonly warmup: number;
  readonly runs: number;
  readonly embed: number;
  readonly hidden: number;
  readonly latent: number;
  readonly batch: number;
}

/** The defaults of the command line: 2 rounds of 2 + 5 steps, E 32, H 64, z 16, batch 48. */
export const defaultTextCompareOptions: TextCompareOptions = { rounds: 2, warmup: 2, runs: 5, embed: 32, hidden: 64, latent: 16, batch: 48 };

const script = join(dirname(fileURLToPath(import.meta.url)), 'pytorch-text.py');

/** One workload of the comparison. */
interface Workload {
  readonly name: string;
  readonly shapes: string;
  readonly make: (seed: number) => CountedBench;
  readonly torch?: 'lm' | 'vae';
}

/** Step times of one bench/pytorch-text.py run. */
export interface TorchTextRun {
  readonly ms: number[];
  readonly parameters: number;
  readonly torch: string;
}

/**
 * One run of bench/pytorch-text.py in its own process (`model`, shapes and
 * steps of `o`, OMP_WAIT_POLICY `policy`, undefined: unset; `skipPad`: no
 * logits for PAD rows): its step times, or why it failed.
 */
export const runTorchText = (python: string, o: Omit<TextCompareOptions, 'rounds'> & {
  readonly model: 'lm' | 'vae'; readonly policy: string | undefined; readonly skipPad: boolean; readonly threads: number;
}): E.Either<string, TorchTextRun> => {
  const args = ['--model', o.model, '--warmup', String(o.warmup), '--runs', String(o.runs), '--batch', String(o.batch),
    '--embed', String(o.embed), '--hidden', String(o.hidden), '--latent', String(o.latent), '--threads', String(o.threads), ...(o.skipPad ? ['--skip-pad'] : [])];
  return E.map(({ stepMs, parameters, torch }: TorchModelRun) => ({ ms: [...stepMs], parameters, torch }))(
    runTorchModel(python, script, args, o.threads, o.policy));
};

/**
 * Runs the comparison on the native backend (registered here; Left when
 * the addon is unavailable) and returns its note and markdown table.
 */
export const compareText = async (o: TextCompareOptions, command: string): Promise<E.Either<string, { note: string; table: string }>> => {
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
  const native = registerNativeKernels();
  if (E.isLeft(native)) return E.left(`native backend unavailable: ${native.left}`);
  const threads = native.right.blas.threads;
  const python = findTorchPython();
  const { rounds, warmup, runs, embed, hidden, latent, batch } = o;

  /** One run of bench/pytorch-text.py: its step times, or the reason it failed. */
  const torchRound = (model: 'lm' | 'vae', policy: string | undefined, skipPad: boolean): E.Either<string, TorchTextRun> =>
    (E.isLeft(python) ? python : runTorchText(python.right, { ...o, model, policy, skipPad, threads }));

  const shapes = `batch ${batch}, T 41, V 20,004, E ${embed}, H ${hidden}`;
  const workloads: Workload[] = [
    { name: 'LSTM language model', shapes, make: lstmLmStep(embed, hidden, batch), torch: 'lm' },
    { name: 'sentence VAE', shapes: `${shapes}, z ${latent}`, make: textStep(sentenceVae(embed, hidden, latent), batch), torch: 'vae' },
    { name: 'biva-lstm (zoo, tiny)', shapes: `batch ${batch}, T 41, V 20,004, E 32, H 64`, make: bivaLstmStep('tiny', batch) },
  ];

  const load0 = loadavg()[0];
  const rows: string[][] = [];
  for (const w of workloads) {
    const strataMs: number[] = [];
    const torchMs = new Map<string, number[]>();
    let flops = 0;
    let parameters = 0;
    let torchNote = w.torch === undefined ? 'no PyTorch script' : '';
    let torchParameters = 0;
    for (let r = 0; r < rounds; r++) {
      const s = await strataRound(w.make, warmup, runs);
      strataMs.push(...s.ms);
      flops = s.flops;
      parameters = s.parameters;
      console.error(`  ${w.name} round ${r + 1}: strata ${fixed(median(s.ms))} ms`);
      if (w.torch === undefined) continue;
      for (const skipPad of [false, true]) {
        for (const policy of waitPolicies()) {
          const t = torchRound(w.torch, policy, skipPad);
          if (E.isLeft(t)) {
            torchNote = t.left;
            continue;
          }
          torchParameters = t.right.parameters;
          const key = `${policy ?? 'default'}${skipPad ? ', PAD skipped' : ''}`;
          torchMs.set(key, [...(torchMs.get(key) ?? []), ...t.right.ms]);
          console.error(`  ${w.name} round ${r + 1}: PyTorch (${key}) ${fixed(median(t.right.ms))} ms`);
        }
      }
    }
    const ours = median(strataMs);
    const theirs = [...torchMs].map(([key, ms]) => [key, median(ms)] as const).sort((a, b) => a[1] - b[1]);
    const fastest = (skipped: boolean): string => {
      const best = theirs.find(([key]) => key.endsWith('PAD skipped') === skipped);
      return best === undefined ? '' : `${fixed(best[1] / ours, 2)}x`;
    };
    rows.push([w.name, w.shapes, `${parameters}${torchParameters > 0 ? ` / ${torchParameters}` : ''}`, fixed(ours), fixed((1000 * batch) / ours),
      fixed(flops / 1e9, 2), fixed(flops / (ours * 1e6), 1),
      theirs.length === 0 ? torchNote : theirs.map(([key, ms]) => `${fixed(ms)} (${key})`).join(', '),
      fastest(false), fastest(true)]);
  }
  const table = markdownTable(['workload', 'shapes', 'params strata / PyTorch', 'strata native ms/step', 'sentences/s', 'GFLOP/step', 'GFLOP/s',
    'PyTorch ms/step (wait policy)', 'PyTorch ms / strata ms (all rows, ignore_index)', 'PyTorch ms / strata ms (PAD rows skipped, like for like)'], rows);
  const note = `Command: \`${command}\`; ${new Date().toISOString()}; ${cpuModel()}; ` +
    `${native.right.blas.config} (${threads} threads) for both; ${rounds} interleaved rounds of ${warmup} + ${runs} steps; medians over all rounds; ` +
    `1-minute load average ${fixed(load0, 2)} at the start, ${fixed(loadavg()[0], 2)} at the end.`;
  return E.right({ note, table });
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await runComparisonCli('npx tsx bench/text-compare.ts', defaultTextCompareOptions, compareText);
