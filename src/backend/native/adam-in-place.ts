/**
 * StrataAdamInPlace: one kernel (no tfjs counterpart) for a whole optimizer
 * step. For every variable it runs the Adam or Adamax update of StrataAdam
 * on the gradient times a clipping scale, and moves the variable's moving
 * average, in one native pass that writes the variables, their moments and
 * their averages in place. Out of place, the same step allocates three new
 * buffers per variable, makes a second pass for the average and 4 tfjs calls
 * per variable; over the 7.7M weights of the paper's dense BIVA that is
 * 120 MB of fresh memory per step.
 *
 * Writing in place is safe only for memory no other tensor shares, so the
 * kernel throws for a tensor whose buffer has another reference; adamInPlace
 * (src/ops/adam.ts, the op's front end) sends such variables back to the
 * caller's out-of-place path.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { StrataAdamInPlace, type StrataAdamInPlaceAttrs } from '../../ops/kernel-names.js';
import type { NativeAddon } from './addon.js';
import { heapOf, offsetOf, sizeOf } from './heap.js';

const roles = ['value', 'm', 'v', 'gradient'] as const;

/**
 * The StrataAdamInPlace kernel: inputs value<i>, m<i>, v<i>, gradient<i> and,
 * where attrs.hasEma[i], ema<i>, all float32 of one size per i. Writes value,
 * m, v and ema in place and returns no tensors.
 */
export function adamInPlaceKernel(addon: NativeAddon): KernelFunc {
  return (args) => {
    const a = args.attrs as unknown as StrataAdamInPlaceAttrs;
    const inputs = args.inputs as Record<string, TensorInfo | undefined>;
    const backend = args.backend as BackendWasm;
    const table = new Float64Array(7 * a.count);
    const written = new Set<unknown>();
    const read = new Set(Array.from({ length: a.count }, (_, i) => inputs[`gradient${i}`]?.dataId));
    for (let i = 0; i < a.count; i++) {
      const [value, m, v, gradient] = roles.map((role) => inputs[`${role}${i}`]);
      const ema = a.hasEma[i] ? inputs[`ema${i}`] : undefined;
      const operands = { value, m, v, gradient, ...(a.hasEma[i] ? { ema } : {}) };
      const size = value === undefined ? 0 : sizeOf(value.shape);
      for (const [role, t] of Object.entries(operands)) {
        if (t === undefined || t.dtype !== 'float32' || sizeOf(t.shape) !== size) {
          throw new Error(`${StrataAdamInPlace}: ${role}${i} must be a float32 tensor the size of value${i}`);
        }
        if (role !== 'gradient' && (backend.refCount(t.dataId) !== 1 || written.has(t.dataId) || read.has(t.dataId))) {
          throw new Error(`${StrataAdamInPlace}: ${role}${i} shares its memory with another tensor`);
        }
        if (role !== 'gradient') written.add(t.dataId);
      }
      table.set([offsetOf(backend, value!), offsetOf(backend, m!), offsetOf(backend, v!),
        offsetOf(backend, gradient!), ema === undefined ? 0 : offsetOf(backend, ema),
        ema === undefined ? 0 : 1, size], 7 * i);
    }
    addon.adamInPlace(heapOf(backend), a.rule === 'adamax' ? 1 : 0, a.learningRate, a.beta1, a.beta2,
      a.epsilon, a.correction1, a.correction2, a.gradScale, a.emaDecay, table);
    return [];
  };
}
