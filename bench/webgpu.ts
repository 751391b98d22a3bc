/**
 * `npm run bench:webgpu`: training throughput (images/s) of the tiny VAE
 * (MNIST, batch 32) on Node's cpu, wasm, native and webgpu backends (each in
 * its own process, via strata's backend choice) and on the browser's webgl
 * and wasm (the example page in headless Chromium), each row labelled with
 * the backend's adapter. Software adapters (llvmpipe, SwiftShader) measure
 * correctness paths, never GPU speed. `--steps N` measured steps after 3
 * warm-up steps (default 10). Writes bench/results/webgpu.md. Asserts nothing.
 * bench/all.ts runs the same rows as one of its sections (benchBackends).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { buildExample, serveFolder } from '../examples/browser/serve.js';
import { startBackend } from '../src/backend/choose-backend.js';
import { dataShapeOf, openDataset } from '../src/cli/dataset.js';
import { datasetBatcher } from '../src/datasets/index.js';
import { validate } from '../src/dsl/validate.js';
import { buildZooModel } from '../src/models/index.js';
import { trainConfig } from '../src/train/config.js';
import { train } from '../src/train/loop.js';
import { createTrainState, disposeTrainState } from '../src/train/state.js';
import { fixed, markdownTable } from './table.js';

/** One measured row: where it ran, the backend, its adapter (CPU for the CPU backends), images/s and the first step with loading. */
export interface BackendRow {
  readonly where: 'Node' | 'Chromium';
  readonly backend: string;
  readonly adapter: string;
  readonly imagesPerSec: number;
  readonly firstStepSec: number;
}

/** What to measure: steps after warm-up steps, and which Node and Chromium backends. */
export interface BackendBenchOptions {
  readonly steps: number;
  readonly warmup: number;
  readonly node: readonly string[];
  readonly browser: readonly string[];
}

/** The rows measured, and one line per backend not measured, with the reason (no adapter, no Chromium, a failure). */
export interface BackendBench {
  readonly rows: readonly BackendRow[];
  readonly notes: readonly string[];
}

/** The batch of every row (the example page's). */
export const BACKEND_BATCH = 32;
/** Every backend of this bench: Node's and Chromium's. */
export const allBackends = { node: ['cpu', 'wasm', 'native', 'webgpu'], browser: ['webgl', 'wasm', 'webgpu'] } as const;

const here = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const argAfter = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ratePer = (steps: number, seconds: number): number => (steps * BACKEND_BATCH) / seconds;

/** In a child process: trains on `name` and prints one JSON row (or `{ error }` when the backend cannot start). */
const child = async (name: string, steps: number, warmup: number): Promise<void> => {
  const lines: string[] = [];
  const choice = await startBackend(name, {}, (l) => lines.push(l));
  if (E.isLeft(choice)) {
    console.log(JSON.stringify({ error: choice.left }));
    return;
  }
  const data = openDataset('mnist-dyn');
  if (E.isLeft(data)) throw new Error(String(data.left));
  const spec = buildZooModel('vae', 'tiny', dataShapeOf(data.right));
  if (E.isLeft(spec)) throw new Error(spec.left);
  const model = validate(spec.right);
  if (E.isLeft(model)) throw new Error('the tiny VAE does not validate');
  const state = createTrainState(model.right, trainConfig({ steps: warmup + steps, batchSize: BACKEND_BATCH, logEvery: warmup + steps }));
  const times: number[] = [];
  const t0 = performance.now();
  await train(state, datasetBatcher(data.right, 'train', { batchSize: BACKEND_BATCH, seed: 1 }), { onStep: () => void times.push(performance.now()) });
  disposeTrainState(state);
  const measured = (times[times.length - 1] - times[warmup - 1]) / 1000;
  const adapter = /adapter: ([^;)]*\))/.exec(lines.join(' '))?.[1] ?? (name === 'webgpu' ? 'unknown' : 'CPU');
  const backend = tf.getBackend() === 'wasm' && name === 'native' ? 'native' : tf.getBackend();
  console.log(JSON.stringify({ where: 'Node', backend, adapter, imagesPerSec: ratePer(steps, measured), firstStepSec: (times[0] - t0) / 1000 }));
};

/** Node backend `name` measured in its own process: its row, or why it was not measured. */
const nodeRow = (name: string, o: BackendBenchOptions): BackendRow | string => {
  try {
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(here, 'webgpu.ts'), '--child', name, '--steps', String(o.steps), '--warmup', String(o.warmup)],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 600_000 });
    const parsed = JSON.parse(out.trim().split('\n').pop()!) as BackendRow & { error?: string };
    return parsed.error === undefined ? parsed : `Node ${name}: ${parsed.error}`;
  } catch (error) {
    return `Node ${name}: ${String((error as Error).message).split('\n')[0]}`;
  }
};

const browserAdapter = (backend: string, reported: string): string =>
  backend === 'wasm' ? 'CPU' : backend === 'webgl' ? 'SwiftShader (WebGL2, --disable-gpu)' : reported;

/** Chromium's backends `o.browser` on the example page (headless, --disable-gpu): rows, or why not (no Chromium, a page error). */
const browserRows = async (o: BackendBenchOptions): Promise<(BackendRow | string)[]> => {
  if (o.browser.length === 0) return [];
  if (!existsSync(CHROMIUM)) return o.browser.map((b) => `Chromium ${b}: ${CHROMIUM} is not installed (apt-get install chromium)`);
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-'));
  const { server, url } = await serveFolder(await buildExample(join(dir, 'site'), 1024), 0);
  const rows: (BackendRow | string)[] = [];
  try {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-webgpu'] });
    try {
      for (const backend of o.browser) {
        const page = await browser.newPage();
        const t0 = Date.now();
        await page.goto(`${url}?backend=${backend}&steps=${o.warmup + o.steps}&autostart=1`);
        await page.waitForFunction(() => (globalThis as unknown as { strata?: { done: boolean } }).strata?.done === true, undefined, { timeout: 600_000 });
        const s = (await page.evaluate(() => (globalThis as unknown as { strata: unknown }).strata)) as { backend: string; adapter: string; times: number[]; error: string };
        await page.close();
        const span = (s.times[s.times.length - 1] - s.times[0]) / 1000;
        if (s.error !== '') rows.push(`Chromium ${backend}: ${s.error}`);
        else rows.push({ where: 'Chromium', backend: s.backend, adapter: browserAdapter(backend, s.adapter), imagesPerSec: ratePer(o.steps, (s.times[s.times.length - 1] - s.times[o.warmup - 1]) / 1000), firstStepSec: (Date.now() - t0) / 1000 - span });
      }
    } finally {
      await browser.close();
    }
  } catch (error) {
    rows.push(`Chromium: ${String((error as Error).message).split('\n')[0]}`);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
};

/** Measures `o.node` (one process each) and `o.browser` (one headless Chromium); never throws for a missing adapter or browser. */
export const benchBackends = async (o: BackendBenchOptions): Promise<BackendBench> => {
  const results: (BackendRow | string)[] = [...o.node.map((n) => nodeRow(n, o)), ...(await browserRows(o))];
  return { rows: results.filter((r): r is BackendRow => typeof r !== 'string'), notes: results.filter((r): r is string => typeof r === 'string') };
};

/** The markdown table of `rows`, then one `- not measured: ...` line per note. */
export const backendTable = (bench: BackendBench): string =>
  [
    markdownTable(['where', 'backend', 'adapter', 'images/s', 'first step + load (s)'], bench.rows.map((r) => [r.where, r.backend, r.adapter, fixed(r.imagesPerSec, 1), fixed(r.firstStepSec, 2)])),
    ...(bench.notes.length === 0 ? [] : ['', ...bench.notes.map((n) => `- not measured: ${n}`)]),
  ].join('\n');

const main = async (): Promise<void> => {
  const o: BackendBenchOptions = { steps: argAfter('--steps', 10), warmup: 3, ...allBackends };
  const bench = await benchBackends(o);
  const md = [`# WebGPU and browser backends: tiny VAE, MNIST, batch ${BACKEND_BATCH}, ${o.steps} steps after ${o.warmup} warm-up`, '',
    'Software adapters only (no GPU on this machine): these rows check the paths, they do not measure GPU speed.', '', backendTable(bench), ''].join('\n');
  console.log(md);
  const out = join(here, 'results', 'webgpu.md');
  writeFileSync(`${out}.tmp`, md);
  renameSync(`${out}.tmp`, out);
};

const childAt = process.argv.indexOf('--child');
if (childAt > 0) await child(process.argv[childAt + 1], argAfter('--steps', 10), argAfter('--warmup', 3));
else if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
