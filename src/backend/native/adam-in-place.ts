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
 * kernel throws for a tensor whose buffer has another reference, and
 * {@link adamInPlace} sends such variables (those just created from another
 * tensor, or cloned by the caller) back to the caller's out-of-place path.
 */
import * as tf from '@tensorflow/tfjs';
import { getKernel } from '@tensorflow/tfjs-core';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { StrataAdamAttrs } from './adam-kernel.js';
import type { NativeAddon } from './addon.js';
import { heapOf, offsetOf, sizeOf } from './heap.js';

/** The kernel's name, for tf.engine().runKernel. */
export const StrataAdamInPlace = 'StrataAdamInPlace';

/** Attributes of StrataAdamInPlace: the step, the gradient scale and the average's decay. */
export interface StrataAdamInPlaceAttrs extends StrataAdamAttrs {
  readonly gradScale: number;
  readonly emaDecay: number;
  /** Number of variables. */
  readonly count: number;
  /** Whether variable i has a moving average (input `ema<i>`). */
  readonly hasEma: readonly boolean[];
}

/** One variable of an in-place step. */
export interface AdamSlot {
  readonly value: tf.Variable;
  readonly m: tf.Variable;
  readonly v: tf.Variable;
  readonly gradient: tf.Tensor;
  /** Its moving average, moved after the step. */
  readonly ema?: tf.Variable;
}

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

/** True when no other tensor shares t's memory on the current backend. */
const unshared = (t: tf.Tensor): boolean => tf.backend().refCount(t.dataId) === 1;

/**
 * Runs one step of `attrs` on gradient * gradScale in place for every slot
 * it can, with ema <- emaDecay ema + (1 - emaDecay) value after it where a
 * slot has an average, as one StrataAdamInPlace kernel. Returns the slots it
 * left to the caller: all of them where the kernel is not registered, and
 * those whose value, moments or average share memory with another tensor,
 * with each other (an average store that is the parameter store), with an
 * earlier slot (a variable listed twice) or with a gradient, or are not
 * float32.
 */
export function adamInPlace(slots: readonly AdamSlot[], attrs: StrataAdamAttrs,
  gradScale: number, emaDecay: number): AdamSlot[] {
  if (getKernel(StrataAdamInPlace, tf.getBackend()) === undefined) return [...slots];
  const written = new Set<unknown>();
  const read = new Set(slots.map((s) => s.gradient.dataId));
  const owned = (s: AdamSlot): boolean => {
    const targets = [s.value, s.m, s.v, ...(s.ema === undefined ? [] : [s.ema])];
    const ok = [...targets, s.gradient].every((t) => t.dtype === 'float32')
      && targets.every((t) => unshared(t) && !written.has(t.dataId) && !read.has(t.dataId))
      && new Set(targets.map((t) => t.dataId)).size === targets.length;
    if (ok) targets.forEach((t) => written.add(t.dataId));
    return ok;
  };
  const taken = slots.map(owned);
  const mine = slots.filter((_, i) => taken[i]);
  if (mine.length > 0) {
    const inputs: Record<string, tf.Tensor> = {};
    mine.forEach((s, i) => {
      roles.forEach((role) => { inputs[`${role}${i}`] = s[role]; });
      if (s.ema !== undefined) inputs[`ema${i}`] = s.ema;
    });
    const kernelAttrs: StrataAdamInPlaceAttrs = {
      ...attrs, gradScale, emaDecay, count: mine.length, hasEma: mine.map((s) => s.ema !== undefined),
    };
    tf.engine().runKernel(StrataAdamInPlace, inputs, kernelAttrs as unknown as tf.NamedAttrMap);
  }
  return slots.filter((_, i) => !taken[i]);
}
