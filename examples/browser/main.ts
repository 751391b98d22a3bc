/**
 * The browser example: trains a strata model on MNIST in the page, on
 * WebGPU, WebGL or wasm (whichever is available, or the one asked for with
 * ?backend=), and draws the loss, the KL per latent node and a grid of prior
 * samples as it goes. MNIST comes from a file the page is given: `mnist.bin`
 * next to the page (N x 784 bytes, written by serve.ts) or a file picked in
 * the page; nothing is fetched from the network. `window.strata` exposes the
 * run's state for the Playwright test.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import * as E from 'fp-ts/lib/Either.js';
import { buildZooModel, decodeSpec, generate, initParams, validate, type Model, type ModelSpec } from '../../src/index.js';
import { classifyAdapter } from '../../src/backend/webgpu.js';
import { modelBatch } from '../../src/train/batch.js';
import { trainConfig } from '../../src/train/config.js';
import { createEma } from '../../src/train/ema.js';
import { objectiveOf, samplesFor } from '../../src/train/objective.js';
import { createOptimizer } from '../../src/train/optimizer.js';
import { trainStep, type StepStats } from '../../src/train/step.js';
import { drawGrid, drawLines } from './charts.js';

/** What the page exposes to tests. */
interface PageState {
  backend: string;
  adapter: string;
  stats: StepStats[];
  /** performance.now() in ms after each step (for bench/webgpu.ts). */
  times: number[];
  samplesDrawn: number;
  done: boolean;
  error: string;
}
const state: PageState = { backend: '', adapter: '', stats: [], times: [], samplesDrawn: 0, done: false, error: '' };
(window as unknown as { strata: PageState }).strata = state;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const status = (line: string): void => void ($('status').textContent = line);
const query = new URLSearchParams(location.search);

/** The first of webgpu (a real GPU only), webgl, wasm, cpu that starts, or the one asked for. */
const startBackend = async (asked: string): Promise<string> => {
  setWasmPaths(new URL('./', location.href).href);
  type Info = { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
  const gpu = (navigator as unknown as { gpu?: { requestAdapter: () => Promise<{ info?: Info; isFallbackAdapter?: boolean } | null> } }).gpu;
  const adapter = gpu === undefined ? null : await gpu.requestAdapter().catch(() => null);
  // GPUAdapterInfo's fields are prototype getters: read them one by one.
  const i: Info = adapter?.info ?? {};
  const report = adapter === null || adapter === undefined ? undefined
    : classifyAdapter({ vendor: i.vendor, architecture: i.architecture, device: i.device, description: i.description, isFallbackAdapter: i.isFallbackAdapter ?? adapter.isFallbackAdapter });
  state.adapter = report === undefined ? 'no WebGPU adapter' : `${report.label}${report.software ? ` (${report.why})` : ''}`;
  const order = asked !== 'auto' ? [asked] : [...(report !== undefined && !report.software ? ['webgpu'] : []), 'webgl', 'wasm', 'cpu'];
  for (const name of order) if (await tf.setBackend(name).catch(() => false)) return name;
  throw new Error(`no backend of ${order.join(', ')} started`);
};

/** MNIST images [N, 784] in [0, 1] from the picked file or mnist.bin. */
const loadImages = async (): Promise<Float32Array> => {
  const picked = $<HTMLInputElement>('file').files?.[0];
  const bytes = new Uint8Array(picked !== undefined ? await picked.arrayBuffer() : await (await fetch('mnist.bin')).arrayBuffer());
  return Float32Array.from(bytes, (b) => b / 255);
};

const modelOf = (): Model => {
  const choice = $<HTMLSelectElement>('model').value;
  const spec: E.Either<string, ModelSpec> =
    choice === 'spec'
      ? E.mapLeft((es: string[]) => es.join('; '))(decodeSpec(JSON.parse($<HTMLTextAreaElement>('spec').value)))
      : buildZooModel(choice, 'tiny', { shape: [28, 28, 1], likelihood: 'bernoulli' });
  if (E.isLeft(spec)) throw new Error(spec.left);
  const model = validate(spec.right);
  if (E.isLeft(model)) throw new Error(model.left.map((e) => JSON.stringify(e)).join('; '));
  return model.right;
};

const drawSamples = async (model: Model, params: Parameters<typeof generate>[1]): Promise<void> => {
  const means = tf.tidy(() => generate(model, params, { n: 16, seed: 7 }).means.get(model.observed[0])!.reshape([-1]));
  const values = Float32Array.from(await means.data());
  means.dispose();
  drawGrid($<HTMLCanvasElement>('samples'), values, 16, 28);
  state.samplesDrawn += 1;
};

const train = async (): Promise<void> => {
  const steps = Number($<HTMLInputElement>('steps').value);
  const images = await loadImages();
  const n = images.length / 784;
  const model = modelOf();
  const config = trainConfig({ steps, batchSize: 32, seed: 1 });
  const params = initParams(model, config.seed);
  const ctx = {
    model, params, ema: createEma(params), optimizer: createOptimizer(config.optimizer), objective: objectiveOf(config.objective, config.warmupSteps),
    samples: samplesFor(config.objective), emaDecay: config.emaDecay, clipNorm: config.clipNorm,
  };
  for (let step = 1; step <= steps; step++) {
    const start = ((step - 1) * 32) % Math.max(1, n - 32);
    const x = tf.tidy(() => tf.cast(tf.less(tf.randomUniform([32, 784], 0, 1, 'float32', step), tf.tensor2d(images.subarray(start * 784, (start + 32) * 784), [32, 784])), 'float32'));
    const batch = tf.tidy(() => modelBatch(model, { x }));
    const stats = await trainStep(ctx, batch, step, 1000 + step);
    tf.dispose([x, ...Object.values(batch)]);
    state.stats.push(stats);
    state.times.push(performance.now());
    if (step % 5 === 0 || step === steps) {
      drawLines($<HTMLCanvasElement>('loss'), [{ name: 'loss', points: state.stats.map((s) => [s.step, s.loss]) }]);
      drawLines($<HTMLCanvasElement>('kl'), model.latents.map((name) => ({ name, points: state.stats.map((s) => [s.step, s.kl[name]] as const) })));
      status(`backend ${state.backend} (${state.adapter}); step ${step}/${steps}: loss ${stats.loss.toFixed(2)} nats`);
    }
    if (step % 25 === 0 || step === steps) await drawSamples(model, ctx.ema);
  }
};

const run = async (): Promise<void> => {
  state.done = false;
  state.stats = [];
  state.times = [];
  try {
    await train();
  } catch (error) {
    state.error = String((error as Error)?.message ?? error);
    status(`error: ${state.error}`);
  }
  state.done = true;
};

const main = async (): Promise<void> => {
  if (query.get('steps') !== null) $<HTMLInputElement>('steps').value = query.get('steps')!;
  if (query.get('model') !== null) $<HTMLSelectElement>('model').value = query.get('model')!;
  if (query.get('backend') !== null) $<HTMLSelectElement>('backend').value = query.get('backend')!;
  $<HTMLSelectElement>('backend').addEventListener('change', () => {
    location.search = `?backend=${$<HTMLSelectElement>('backend').value}`;
  });
  state.backend = await startBackend(query.get('backend') ?? 'auto');
  status(`backend ${state.backend} (${state.adapter}); press Train`);
  $('start').addEventListener('click', () => void run());
  if (query.get('autostart') !== null) await run();
};

void main();
