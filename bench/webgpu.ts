/**
 * `npm run bench:webgpu`: training throughput (images/s) of the tiny VAE
 * (MNIST, batch 32) on Node's cpu, wasm, native and webgpu backends (each in
 * its own process, via strata's backend choice) and on the browser's webgl
 * and wasm (the example page in headless Chromium), each row labelled with
 * the backend's adapter. Software adapters (llvmpipe, SwiftShader) measure
 * correctness paths, never GPU speed. `--steps N` measured steps after 3
 * warm-up steps (default 10). Writes bench/results/webgpu.md. Asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

/** One measured row. */
interface Row {
  readonly where: string;
  readonly backend: string;
  readonly adapter: string;
  readonly imagesPerSec: number;
  readonly firstStepSec: number;
}

const WARMUP = 3;
const BATCH = 32;
const here = dirname(fileURLToPath(import.meta.url));
const stepsArg = process.argv.indexOf('--steps');
const STEPS = stepsArg > 0 ? Number(process.argv[stepsArg + 1]) : 10;

/** In a child process: trains on `name` and prints one JSON row. */
const child = async (name: string): Promise<void> => {
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
  const state = createTrainState(model.right, trainConfig({ steps: WARMUP + STEPS, batchSize: BATCH, logEvery: WARMUP + STEPS }));
  const times: number[] = [];
  const t0 = performance.now();
  await train(state, datasetBatcher(data.right, 'train', { batchSize: BATCH, seed: 1 }), { onStep: () => void times.push(performance.now()) });
  disposeTrainState(state);
  const measured = (times[times.length - 1] - times[WARMUP - 1]) / 1000;
  const adapter = /adapter: ([^;)]*\))/.exec(lines.join(' '))?.[1] ?? (name === 'webgpu' ? 'unknown' : 'CPU');
  console.log(JSON.stringify({ where: 'Node', backend: tf.getBackend() === 'wasm' && name === 'native' ? 'native' : tf.getBackend(), adapter, imagesPerSec: (STEPS * BATCH) / measured, firstStepSec: (times[0] - t0) / 1000 }));
};

const nodeRow = (name: string): Row | string => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(here, 'webgpu.ts'), '--child', name, '--steps', String(STEPS)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 600_000 });
  const parsed = JSON.parse(out.trim().split('\n').pop()!) as Row & { error?: string };
  return parsed.error ?? parsed;
};

const browserRows = async (): Promise<(Row | string)[]> => {
  if (!existsSync('/usr/bin/chromium')) return ['browser: /usr/bin/chromium is not installed'];
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-'));
  const { server, url } = await serveFolder(await buildExample(join(dir, 'site'), 1024), 0);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-webgpu'] });
  const rows: (Row | string)[] = [];
  try {
    for (const backend of ['webgl', 'wasm', 'webgpu']) {
      const page = await browser.newPage();
      const t0 = Date.now();
      await page.goto(`${url}?backend=${backend}&steps=${WARMUP + STEPS}&autostart=1`);
      await page.waitForFunction(() => (globalThis as unknown as { strata?: { done: boolean } }).strata?.done === true, undefined, { timeout: 600_000 });
      const s = (await page.evaluate(() => (globalThis as unknown as { strata: unknown }).strata)) as { backend: string; adapter: string; times: number[]; error: string };
      await page.close();
      if (s.error !== '') rows.push(`browser ${backend}: ${s.error}`);
      else rows.push({ where: 'Chromium', backend: s.backend, adapter: backend === 'wasm' ? 'CPU' : backend === 'webgl' ? 'SwiftShader (WebGL2, --disable-gpu)' : s.adapter, imagesPerSec: (STEPS * BATCH) / ((s.times[s.times.length - 1] - s.times[WARMUP - 1]) / 1000), firstStepSec: (Date.now() - t0) / 1000 - (s.times[s.times.length - 1] - s.times[0]) / 1000 });
    }
  } finally {
    await browser.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
};

const main = async (): Promise<void> => {
  const results: (Row | string)[] = ['cpu', 'wasm', 'native', 'webgpu'].map((n) => {
    try {
      return nodeRow(n);
    } catch (error) {
      return `Node ${n}: ${String((error as Error).message).split('\n')[0]}`;
    }
  });
  results.push(...(await browserRows()));
  const rows = results.filter((r): r is Row => typeof r !== 'string');
  const table = markdownTable(['where', 'backend', 'adapter', 'images/s', 'first step + load (s)'], rows.map((r) => [r.where, r.backend, r.adapter, fixed(r.imagesPerSec, 1), fixed(r.firstStepSec, 2)]));
  const notes = results.filter((r): r is string => typeof r === 'string').map((r) => `- not measured: ${r}`);
  const md = [`# WebGPU and browser backends: tiny VAE, MNIST, batch ${BATCH}, ${STEPS} steps after ${WARMUP} warm-up`, '', 'Software adapters only (no GPU on this machine): these rows check the paths, they do not measure GPU speed.', '', table, '', ...notes, ''].join('\n');
  console.log(md);
  const out = join(here, 'results', 'webgpu.md');
  writeFileSync(`${out}.tmp`, md);
  renameSync(`${out}.tmp`, out);
};

const childAt = process.argv.indexOf('--child');
if (childAt > 0) await child(process.argv[childAt + 1]);
else await main();
