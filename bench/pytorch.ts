/**
 * The PyTorch reference of issue 9: the MLP VAE training step of
 * bench/native-mlp-vae.ts written in PyTorch (bench/pytorch-mlp-vae.py),
 * measured side by side with strata's native backend. Target: strata native
 * at most 1.5x PyTorch's step time.
 *
 * PyTorch runs as a PyTorch user on Debian runs it: python3-torch with the
 * OpenMP build of OpenBLAS (LD_LIBRARY_PATH), OMP_NUM_THREADS = strata's BLAS
 * thread count, and the OPENBLAS_CORETYPE strata picks (Debian's OpenBLAS
 * 0.3.21 does not recognise recent Xeons and otherwise runs its slow generic
 * kernels). OpenMP's wait policy decides the result on a shared machine:
 * PyTorch's default (libgomp's workers spin between parallel regions) is the
 * faster one on an idle machine (16 against 19 ms here), and 5-15x slower
 * than PASSIVE when another process holds one of the 2 cores (155-630 against
 * 30-42 ms); strata's addon sets OMP_WAIT_POLICY=PASSIVE for
 * itself. So PyTorch runs both ways, default and PASSIVE, in every round,
 * and the ratio is taken against the faster of the two (or only with the
 * user's OMP_WAIT_POLICY when one is set).
 *
 * torch is optional: without it the comparison is Left("reason") and the
 * benchmarks go on.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { chooseCoreType } from '../src/backend/native/coretype.js';
import { nativeMlpVae } from './native-mlp-vae.js';
import { fixed, markdownTable, statsOf, stepTimes, type Stats } from './table.js';
import { median } from './timing.js';

/** Strata native's step time may be at most this multiple of PyTorch's. */
export const TARGET_RATIO = 1.5;

const script = join(dirname(fileURLToPath(import.meta.url)), 'pytorch-mlp-vae.py');
const openmpBlas = '/usr/lib/x86_64-linux-gnu/openblas-openmp';
/** Read when this module loads, before strata's addon sets its own default. */
const userWaitPolicy = process.env.OMP_WAIT_POLICY;

const run = (command: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number) =>
  spawnSync(command, args, { env, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16 * 2 ** 20 });

const lastLine = (text: string | null | undefined): string => (text ?? '').trim().split('\n').pop() ?? '';

/**
 * A Python that imports torch: STRATA_TORCH_PYTHON when set (and only it),
 * else /usr/bin/python3 (Debian's python3-torch), else python3 on PATH.
 */
export const findTorchPython = (): E.Either<string, string> => {
  const given = process.env.STRATA_TORCH_PYTHON;
  const candidates = given !== undefined && given !== '' ? [given] : ['/usr/bin/python3', 'python3'];
  const tried: string[] = [];
  for (const python of candidates) {
    const r = run(python, ['-c', 'import torch'], process.env, 120_000);
    if (r.status === 0) return E.right(python);
    tried.push(`${python}: ${r.error?.message ?? (lastLine(r.stderr) || `exit ${String(r.status)}`)}`);
  }
  return E.left(`no Python with torch (apt-get install python3-torch, or set STRATA_TORCH_PYTHON); tried ${tried.join('; ')}`);
};

/** The environment PyTorch runs in, as reported with its figures (OMP_WAIT_POLICY: see {@link waitPolicies}). */
export interface TorchEnv {
  readonly LD_LIBRARY_PATH?: string;
  readonly OMP_NUM_THREADS: string;
  readonly OPENBLAS_CORETYPE?: string;
}

/** The OMP_WAIT_POLICY values PyTorch runs with: the user's, else libgomp's default (undefined) and PASSIVE. */
export const waitPolicies = (): readonly (string | undefined)[] =>
  userWaitPolicy === undefined ? [undefined, 'PASSIVE'] : [userWaitPolicy];

const policyName = (policy: string | undefined): string => policy ?? 'default';

/** The environment variables PyTorch runs with for `threads` threads. */
export const torchEnv = (threads: number): TorchEnv => {
  const library = [existsSync(openmpBlas) ? openmpBlas : undefined, process.env.LD_LIBRARY_PATH]
    .filter((p) => p !== undefined && p !== '').join(':');
  const coreType = process.env.OPENBLAS_CORETYPE ?? chooseCoreType();
  return {
    ...(library === '' ? {} : { LD_LIBRARY_PATH: library }),
    OMP_NUM_THREADS: String(threads),
    ...(coreType === undefined ? {} : { OPENBLAS_CORETYPE: coreType }),
  };
};

/** What bench/pytorch-mlp-vae.py prints. */
export interface TorchRun {
  readonly torch: string;
  readonly threads: number;
  readonly interopThreads: number;
  /** torch's BLAS_INFO, the BLAS libraries loaded, and OpenBLAS's config, core and threads when it is OpenBLAS. */
  readonly blas: Record<string, unknown>;
  readonly loss: number;
  /** Wall milliseconds of each measured step. */
  readonly stepMs: readonly number[];
}

const isTorchRun = (x: unknown): x is TorchRun => {
  const r = x as Partial<TorchRun> | null;
  return typeof r === 'object' && r !== null && typeof r.torch === 'string' && typeof r.threads === 'number' &&
    Array.isArray(r.stepMs) && r.stepMs.every((t) => typeof t === 'number');
};

/** What every model script of bench/pytorch-*.py but the MLP VAE's prints: its step times and parameter count. */
export interface TorchModelRun {
  readonly torch: string;
  readonly threads: number;
  readonly parameters: number;
  /** Wall milliseconds of each measured step. */
  readonly stepMs: readonly number[];
}

/**
 * Runs a model script with {@link runTorchScript} and checks what it printed
 * ({@link TorchModelRun}); Left with the reason otherwise.
 */
export const runTorchModel = (python: string, scriptPath: string, args: readonly string[], threads: number,
  waitPolicy: string | undefined): E.Either<string, TorchModelRun> =>
  E.chain((parsed: unknown) => (isTorchRun(parsed) && typeof (parsed as { parameters?: unknown }).parameters === 'number'
    ? E.right(parsed as unknown as TorchModelRun)
    : E.left(`unexpected output of ${scriptPath}: ${JSON.stringify(parsed).slice(0, 200)}`)))(
    runTorchScript(python, scriptPath, args, threads, waitPolicy));

/**
 * Runs one of strata's PyTorch scripts (bench/pytorch-*.py) in its own
 * process with `args`, torch's environment for `threads` and
 * OMP_WAIT_POLICY `waitPolicy` (undefined: unset), and parses the JSON line
 * it prints last; Left with the reason when it fails.
 */
export const runTorchScript = (python: string, scriptPath: string, args: readonly string[], threads: number,
  waitPolicy: string | undefined, timeoutMs = 900_000): E.Either<string, unknown> => {
  const env: NodeJS.ProcessEnv = { ...process.env, ...torchEnv(threads), OMP_WAIT_POLICY: waitPolicy };
  if (waitPolicy === undefined) delete env.OMP_WAIT_POLICY;
  const r = run(python, [scriptPath, ...args], env, timeoutMs);
  if (r.status !== 0) return E.left(`${python} ${scriptPath} failed: ${r.error?.message ?? (lastLine(r.stderr) || `exit ${String(r.status)}`)}`);
  const line = lastLine(r.stdout);
  try {
    return E.right(JSON.parse(line) as unknown);
  } catch {
    return E.left(`unexpected output of ${scriptPath}: ${line.slice(0, 200)}`);
  }
};

/**
 * One run of bench/pytorch-mlp-vae.py (its own process): `warmup` steps, then
 * `runs` timed steps, with OMP_WAIT_POLICY `waitPolicy` (undefined: unset).
 */
export const runTorchMlpVae = (python: string, threads: number, waitPolicy: string | undefined, warmup: number,
  runs: number): E.Either<string, TorchRun> => E.chain((parsed: unknown) => (isTorchRun(parsed) ? E.right(parsed)
  : E.left(`unexpected output of ${script}: ${JSON.stringify(parsed).slice(0, 200)}`)))(
  runTorchScript(python, script, ['--warmup', String(warmup), '--runs', String(runs), '--threads', String(threads)], threads, waitPolicy, 600_000));

/** Rounds and steps of the side-by-side measurement. */
export interface CompareOptions {
  readonly rounds: number;
  readonly torchWarmup: number;
  readonly torchRuns: number;
  readonly strataWarmup: number;
  readonly strataRuns: number;
  /** OpenBLAS threads of both (strata's addon reports its own). */
  readonly threads: number;
}

/** The comparison bench:native and bench:all run: 3 rounds, PyTorch 10 + 30 steps, strata 5 + 20, `threads` each. */
export const defaultCompareOptions = (threads: number): CompareOptions =>
  ({ rounds: 3, torchWarmup: 10, torchRuns: 30, strataWarmup: 5, strataRuns: 20, threads });

/** Wall ms per step over all rounds, and each round's median. */
export type Timings = Stats & { readonly roundMedians: readonly number[] };

/** PyTorch against strata native on the MLP VAE step, all rounds pooled. */
export interface Comparison {
  readonly options: CompareOptions;
  readonly python: string;
  readonly torch: string;
  readonly torchThreads: number;
  readonly torchBlas: Record<string, unknown>;
  readonly torchEnv: TorchEnv;
  /** PyTorch's timings per OMP_WAIT_POLICY ('default': unset). */
  readonly pytorch: readonly { readonly waitPolicy: string; readonly timings: Timings }[];
  readonly strata: Timings;
  /** 1-minute load average before and after the rounds. */
  readonly load1: readonly [number, number];
  /** The PyTorch run the ratio is taken against: the one with the lowest median. */
  readonly fastestPytorch: string;
  /** strata median / the fastest PyTorch median. */
  readonly ratio: number;
  readonly target: number;
  readonly met: boolean;
}

const timings = (runs: readonly (readonly number[])[]): Timings =>
  ({ ...statsOf(runs.flat()), roundMedians: runs.map((r) => median(r)) });

/**
 * Interleaved rounds of [PyTorch for each wait policy: fresh process,
 * warm-up, timed steps; then strata: fresh model, warm-up, timed steps], so
 * that both see the same machine load; medians over all rounds. The current
 * tfjs backend must be wasm with strata's native kernels registered. Left
 * when torch is missing or its run fails.
 */
export const compareWithPytorch = async (options: CompareOptions): Promise<E.Either<string, Comparison>> => {
  const python = findTorchPython();
  if (E.isLeft(python)) return python;
  const policies = waitPolicies();
  const torchRuns: number[][][] = policies.map(() => []);
  const strataRuns: number[][] = [];
  const load0 = loadavg()[0];
  let last: TorchRun | undefined;
  for (let round = 0; round < options.rounds; round++) {
    for (const [p, policy] of policies.entries()) {
      const torch = runTorchMlpVae(python.right, options.threads, policy, options.torchWarmup, options.torchRuns);
      if (E.isLeft(torch)) return torch;
      last = torch.right;
      torchRuns[p].push([...last.stepMs]);
    }
    const model = nativeMlpVae(1);
    try {
      strataRuns.push(await stepTimes(model.step, options.strataWarmup, options.strataRuns));
    } finally {
      model.dispose();
    }
    console.error(`  round ${round + 1}: ` + policies.map((policy, p) =>
      `PyTorch (${policyName(policy)}) ${fixed(median(torchRuns[p][round]))} ms, `).join('') +
      `strata native ${fixed(median(strataRuns[round]))} ms`);
  }
  if (last === undefined) return E.left('no rounds');
  const pytorch = policies.map((policy, p) => ({ waitPolicy: policyName(policy), timings: timings(torchRuns[p]) }));
  const fastest = pytorch.reduce((a, b) => (b.timings.median < a.timings.median ? b : a));
  const strata = timings(strataRuns);
  const ratio = strata.median / fastest.timings.median;
  return E.right({
    options, python: python.right, torch: last.torch, torchThreads: last.threads, torchBlas: last.blas,
    torchEnv: torchEnv(options.threads), pytorch, strata, load1: [load0, loadavg()[0]],
    fastestPytorch: fastest.waitPolicy, ratio, target: TARGET_RATIO, met: ratio <= TARGET_RATIO,
  });
};

/** How PyTorch ran and how the rounds went, in a few sentences. */
export const comparisonSetup = (c: Comparison): string => {
  const blas = [c.torchBlas.config, c.torchBlas.corename === undefined ? undefined : `core ${String(c.torchBlas.corename)}`]
    .filter((s) => s !== undefined).join(', ');
  const env = Object.entries(c.torchEnv).map(([k, v]) => `${k}=${v}`).join(' ');
  return `PyTorch ${c.torch} (${c.python}, ${c.torchThreads} threads, ${blas || `BLAS_INFO=${String(c.torchBlas.BLAS_INFO)}`}; ${env}; ` +
    `OMP_WAIT_POLICY ${c.pytorch.map((p) => p.waitPolicy).join(' and ')}). ` +
    `${c.options.rounds} interleaved rounds of [PyTorch ${c.options.torchWarmup} warm-up + ${c.options.torchRuns} steps ` +
    `per wait policy, each in a fresh process, then strata native ${c.options.strataWarmup} warm-up + ${c.options.strataRuns} steps]; ` +
    `wall-time medians over all rounds; the ratio is against the faster PyTorch (${c.fastestPytorch}). ` +
    `1-minute load average ${fixed(c.load1[0], 2)} before, ${fixed(c.load1[1], 2)} after.`;
};

/** The comparison as a markdown table (one row per implementation). */
export const comparisonTable = (c: Comparison, cpu: string): string => {
  const row = (name: string, s: Timings, ratio: string): string[] =>
    [name, `${s.n}`, fixed(s.median), `${fixed(s.min)}-${fixed(s.max)}`, s.roundMedians.map((m) => fixed(m)).join(', '), ratio, cpu];
  return markdownTable(['MLP VAE step (batch 128, Adam)', 'steps', 'median ms', 'min-max ms', 'round medians ms', 'strata / PyTorch', 'CPU'], [
    ...c.pytorch.map((p) => row(`PyTorch ${c.torch}, OpenBLAS, ${c.torchThreads} threads, OMP_WAIT_POLICY ${p.waitPolicy}`, p.timings,
      p.waitPolicy === c.fastestPytorch ? 'reference' : fixed(c.strata.median / p.timings.median, 2) + 'x')),
    row(`strata native, ${c.options.threads} BLAS threads`, c.strata,
      `**${fixed(c.ratio, 2)}x** (target <= ${fixed(c.target, 1)}x: ${c.met ? 'met' : 'not met'})`),
  ]);
};
