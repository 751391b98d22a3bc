/**
 * Exhaustive scan (a script, not a test; `npx tsx test/differential/scan-conv-geometries.ts`):
 * every conv-like op strata uses or registers (conv2d, depthwiseConv2d,
 * fused conv2d, forward and both gradients; nearest-neighbour resize and
 * its gradient) on square kernels 1-7, strides 1-6, maps 1-16, 'same' and
 * 'valid' padding, on wasm and native against cpu. Prints the number of
 * geometries and the wrong ones per backend and op. Pass `--raw` to scan
 * without strata's wasm and cpu kernels (tfjs's own).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as E from 'fp-ts/lib/Either.js';
import { registerWasmTrainingKernels } from '../../src/backend/kernels/register-wasm-training-kernels.js';
import { registerDilatedConvGradients } from '../../src/backend/dilated-conv-gradients.js';
import { registerCpuKernels } from '../../src/backend/kernels/register-cpu-kernels.js';
import { registerNativeKernels } from '../../src/backend/native/register.js';
import { convLikeOps, type ConvLikeCase } from './conv-like-ops.js';
import { relativeError } from './compare.js';

const raw = process.argv.includes('--raw');
const cases: ConvLikeCase[] = [];
for (const kernel of [1, 2, 3, 4, 5, 6, 7]) {
  for (const stride of [1, 2, 3, 4, 5, 6]) {
    for (const size of Array.from({ length: 16 }, (_, i) => i + 1)) {
      for (const pad of ['same', 'valid'] as const) {
        if (pad === 'valid' && kernel > size) continue;
        cases.push({ n: 2, h: size, w: size, c: 2, k: 2, kh: kernel, kw: kernel, sh: stride, sw: stride, pad, seed: kernel * 1000 + stride * 100 + size });
      }
    }
  }
}

const evaluate = async (backend: string): Promise<Map<string, Float32Array[]>> => {
  await tf.setBackend(backend);
  const results = new Map<string, Float32Array[]>();
  for (const c of cases) {
    for (const op of convLikeOps) {
      results.set(`${op.name} ${JSON.stringify(c)}`, op.run(c));
    }
  }
  return results;
};

const report = (label: string, expected: Map<string, Float32Array[]>, actual: Map<string, Float32Array[]>): void => {
  const wrong = new Map<string, number>();
  const examples: string[] = [];
  const missing = new Set<string>();
  for (const [key, outs] of expected) {
    const got = actual.get(key) ?? [];
    outs.forEach((e, i) => {
      if (got.length === 1 && i > 0) {
        missing.add(key.split(' ')[0]);
      } else if (relativeError(e, got[i]) > 1e-3) {
        const name = `${key.split(' ')[0]}[${i}]`;
        wrong.set(name, (wrong.get(name) ?? 0) + 1);
        if (examples.length < 5) examples.push(`${name} ${key.slice(key.indexOf(' ') + 1)}`);
      }
    });
  }
  console.log(`${label}: ${cases.length} geometries x ${convLikeOps.length} ops; wrong (output index: 0 forward, 1 dx, 2 dw):`, Object.fromEntries(wrong));
  examples.forEach((e) => console.log(`  e.g. ${e}`));
  if (missing.size > 0) console.log(`  no gradient kernels for: ${[...missing].join(', ')}`);
};

tf.env().set('IS_TEST', true);
await tf.setBackend('cpu');
await tf.setBackend('wasm');
registerDilatedConvGradients();
if (!raw) {
  registerWasmTrainingKernels();
  registerCpuKernels();
}
const cpu = await evaluate('cpu');
report(raw ? 'wasm (tfjs kernels)' : 'wasm', cpu, await evaluate('wasm'));
const native = registerNativeKernels();
if (E.isLeft(native)) console.log(`native: skipped (${native.left})`);
else report('native', cpu, await evaluate('wasm'));
