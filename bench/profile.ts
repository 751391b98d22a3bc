/**
 * `npm run bench:profile -- [--model biva] [--preset small] [--batch 48] [--native]`:
 * where a training step spends its time, kernel by kernel. Runs two warm-up
 * steps of Adamax on -ELBO over random binary images, then one step under
 * tf.profile, and prints each kernel's total time and share of the step.
 * Kernel times are wall-clock per kernel call on the wasm backend (tfjs's
 * backend.time), so dispatch between kernels is not counted; the total of
 * the step is printed beside them.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { startBackend } from '../src/backend/index.js';
import { registerNativeKernels } from '../src/backend/native/register.js';
import { initParams, validate } from '../src/dsl/index.js';
import { elbo } from '../src/inference/objectives/elbo.js';
import { trace } from '../src/inference/trace.js';
import { buildZooModel } from '../src/models/index.js';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const modelName = option('model', 'biva');
const preset = option('preset', 'small');
const batch = Number(option('batch', '48'));

const backend = await startBackend('wasm', process.env, (line) => console.log(line));
if (E.isLeft(backend)) throw new Error(backend.left);
if (argv.includes('--native')) {
  const native = registerNativeKernels();
  console.log(E.isLeft(native) ? `native kernels unavailable: ${native.left}` : `native kernels: ${native.right.kernels.length} registered`);
}
const spec = buildZooModel(modelName, preset, { shape: [28, 28, 1], likelihood: 'bernoulli', classes: 10 });
if (E.isLeft(spec)) throw new Error(spec.left);
const model = validate(spec.right);
if (E.isLeft(model)) throw new Error(model.left.map((e) => e.message).join('; '));
const params = initParams(model.right, 1);
const shape = model.right.nodes.get('x')!.shape;
const x = tf.tidy(() => tf.cast(tf.less(tf.randomUniform([batch, ...shape], 0, 1, 'float32', 7), 0.3), 'float32'));
const optimizer = tf.train.adamax(2e-3);
const step = (seed: number): void => {
  const loss = optimizer.minimize(() => tf.neg(elbo(trace(model.right, params, { x }, { seed, training: true }))), true, [...params.values()]);
  loss?.dataSync();
  loss?.dispose();
};
step(1);
step(2);
const start = performance.now();
const profile = await tf.profile(() => step(3));
const wall = performance.now() - start;
const totals = new Map<string, { ms: number; calls: number }>();
for (const k of profile.kernels) {
  const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
  const t = totals.get(k.name) ?? { ms: 0, calls: 0 };
  totals.set(k.name, { ms: t.ms + ms, calls: t.calls + 1 });
}
const kernelTotal = [...totals.values()].reduce((a, t) => a + t.ms, 0);
console.log(`\n${modelName} ${preset}, batch ${batch}: profiled step ${wall.toFixed(0)} ms wall, ${kernelTotal.toFixed(0)} ms in kernels, ${profile.kernels.length} kernel calls\n`);
console.log('| kernel | calls | ms | share of kernel time |');
console.log('|---|---|---|---|');
for (const [name, t] of [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
  console.log(`| ${name} | ${t.calls} | ${t.ms.toFixed(1)} | ${((100 * t.ms) / kernelTotal).toFixed(1)}% |`);
}
