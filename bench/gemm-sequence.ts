/**
 * `npx tsx bench/gemm-sequence.ts [--reps 30]`: what the MLP VAE step's
 * products cost outside the step (issue 18). The 18 products of one
 * training step of bench/native-mlp-vae.ts (6 forward, 12 backward with
 * their transposes; batch 128, 784-512-512-32) on native:
 *
 * - each timed alone, repeated (the GEMM floor of bench/ceiling.ts), summed;
 * - all 18 back to back, the sequence timed;
 * - the sequence with something before each product, only the products
 *   timed: elementwise wasm kernels as in a step, a 1 ms pause (the OpenMP
 *   worker falls asleep under OMP_WAIT_POLICY=PASSIVE and must be woken),
 *   and a pass over 32 MB that evicts the operands from the caches (as a
 *   step's optimizer pass over every weight and its moments does). The
 *   elementwise results are disposed: kept, they grow the heap and the
 *   products pay the page faults of fresh outputs (about 2,600 minor faults
 *   per pass), which is what the first version of this script measured.
 *
 * Run it with STRATA_NATIVE_THREADS=1 and 2 to compare. Medians in ms. A
 * benchmark: it prints and asserts no time; it throws if a pass leaked tensors.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as E from 'fp-ts/lib/Either.js';
import { registerWasmTrainingKernels } from '../src/backend/kernels/register-wasm-training-kernels.js';
import { registerNativeKernels } from '../src/backend/native/register.js';
import { fixed } from './table.js';
import { median } from './timing.js';

const argv = process.argv.slice(2);
const at = argv.indexOf('--reps');
const reps = at >= 0 ? Number(argv[at + 1]) : 30;

await tf.setBackend('wasm');
await tf.ready();
registerWasmTrainingKernels();
const native = registerNativeKernels();
if (E.isLeft(native)) throw new Error(`bench/gemm-sequence: ${native.left}`);

const BATCH = 128;
const layers: readonly (readonly [number, number])[] = [[784, 512], [512, 512], [512, 64], [32, 512], [512, 512], [512, 784]];
type Product = readonly [tf.Tensor2D, tf.Tensor2D, boolean, boolean];
const random = (shape: [number, number]): tf.Tensor2D => tf.randomUniform(shape, -1, 1, 'float32', 3);
const products: Product[] = [
  ...layers.map(([i, o]): Product => [random([BATCH, i]), random([i, o]), false, false]),
  ...[...layers].reverse().flatMap(([i, o]): Product[] => [
    [random([BATCH, o]), random([i, o]), false, true], // dx = dy w^T
    [random([BATCH, i]), random([BATCH, o]), true, false], // dw = x^T dy
  ]),
];
const flops = products.reduce((s, [a, b, ta, tb]) => s + 2 * a.shape[ta ? 1 : 0] * a.shape[ta ? 0 : 1] * b.shape[tb ? 0 : 1], 0);
const activation = random([BATCH, 784]);
// 32 MB: more than this machine's last-level cache share, so a pass over it evicts the operands.
const flush = random([4096, 2048]);

/** What runs before each product in a pass: nothing, a pause, or kernels as in a step. */
const gaps: ReadonlyArray<readonly [string, () => void]> = [
  ['1 elementwise pair (exp of neg over [128, 784])', () => tf.tidy(() => { tf.exp(tf.neg(activation)); })],
  ['4 elementwise pairs', () => tf.tidy(() => { for (let g = 0; g < 4; g++) tf.exp(tf.neg(activation)); })],
  ['a 1 ms pause (spinning in JavaScript)', () => {
    const t0 = performance.now();
    while (performance.now() - t0 < 1);
  }],
  ['a 32 MB pass (neg over [4096, 2048]: caches flushed)', () => tf.tidy(() => { tf.neg(flush); })],
];

/** Milliseconds inside the products of one pass, with `gap` run before each. */
const pass = (gap: () => void): number => {
  let ms = 0;
  for (const [a, b, ta, tb] of products) {
    gap();
    const t0 = performance.now();
    tf.matMul(a, b, ta, tb).dispose();
    ms += performance.now() - t0;
  }
  return ms;
};
const alone = products.reduce((s, [a, b, ta, tb]) => s + median(Array.from({ length: reps }, () => {
  const t0 = performance.now();
  tf.matMul(a, b, ta, tb).dispose();
  return performance.now() - t0;
})), 0);
for (let i = 0; i < 5; i++) pass(() => undefined);
const sequence = median(Array.from({ length: reps }, () => {
  const t0 = performance.now();
  for (const [a, b, ta, tb] of products) tf.matMul(a, b, ta, tb).dispose();
  return performance.now() - t0;
}));
console.log(`MLP VAE step's ${products.length} products (${fixed(flops / 1e9, 3)} GFLOP), native, ${native.right.blas.threads} BLAS threads, ` +
  `OMP_WAIT_POLICY=${process.env.OMP_WAIT_POLICY ?? 'unset'}; medians of ${reps}`);
console.log(`  each alone, summed: ${fixed(alone)} ms`);
console.log(`  back to back:       ${fixed(sequence)} ms`);
const tensors = tf.memory().numTensors;
for (const [name, gap] of gaps) console.log(`  ${name} before each: ${fixed(median(Array.from({ length: reps }, () => pass(gap))))} ms in the products`);
// A pass that kept its elementwise results would grow the heap and time page faults, not products.
if (tf.memory().numTensors !== tensors) throw new Error(`bench/gemm-sequence: ${tf.memory().numTensors - tensors} tensors leaked`);
tf.dispose([...products.flatMap(([a, b]) => [a, b]), activation, flush]);
