/**
 * Test helpers for the native kernels: run a computation on the native wasm
 * backend and on the cpu reference backend from the same data, compare with
 * a relative tolerance, and count leaked tensors.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { registerNativeKernels } from '../../../src/backend/native/register.js';

/** The registration outcome; tests skip with its reason when it is Left. */
export const native = registerNativeKernels();

/** Why the native suites are skipped, or '' when they run. */
export const skipReason = E.isLeft(native) ? ` (skipped: ${native.left})` : '';

/** Random float32 data in [-1, 1] of a given length. */
export const floats = (length: number): fc.Arbitrary<Float32Array> =>
  fc.float32Array({
    minLength: length, maxLength: length, noNaN: true, noDefaultInfinity: true,
    min: Math.fround(-1), max: Math.fround(1),
  });

/** Results of one computation, possibly several tensors. */
type Compute = () => tf.Tensor | tf.Tensor[];

async function runOn(backend: string, compute: Compute): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => [compute()].flat().map((t) => t.dataSync() as Float32Array));
}

/** Outcome of {@link compareWithCpu}. */
export interface Comparison {
  /** Largest |native - cpu| / max(1, max finite |cpu|); equal values (NaN, infinities too) count 0. */
  readonly error: number;
  /**
   * Tensors alive after the native run minus before, plus the backend's data
   * buffers after minus before (a kernel that makes an output it neither
   * returns nor releases leaks a buffer, not a tensor).
   */
  readonly leaked: number;
}

/**
 * Runs `compute` on the native wasm backend and `reference` (by default the
 * same computation) on cpu, and compares.
 */
export async function compareWithCpu(compute: Compute,
  reference: Compute = compute): Promise<Comparison> {
  await tf.setBackend('wasm');
  const buffers = (): number => tf.engine().backend.numDataIds();
  const before = tf.memory().numTensors;
  const buffersBefore = buffers();
  const actual = await runOn('wasm', compute);
  const leaked = tf.memory().numTensors - before + buffers() - buffersBefore;
  const expected = await runOn('cpu', reference);
  let error = 0;
  expected.forEach((want, i) => {
    const got = actual[i];
    if (got.length !== want.length) {
      error = Infinity;
      return;
    }
    const scale = Math.max(1, ...want.filter(Number.isFinite).map(Math.abs));
    want.forEach((w, j) => {
      if (!Object.is(got[j], w) && !(Number.isNaN(got[j]) && Number.isNaN(w))) {
        error = Math.max(error, Math.abs(got[j] - w) / scale);
      }
    });
  });
  return { error, leaked };
}
