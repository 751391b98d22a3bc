/**
 * The Adam / Adamax step (Kingma & Ba 2015, Algorithm 1 and sec. 7.1) as
 * strata's optimizer takes it, in place and out of place: the front ends of
 * the StrataAdamInPlace and StrataAdam kernels (src/backend/native), and
 * the portable fallback in tf ops that every other backend runs. Optimizer
 * steps run outside the gradient tape, so they have no gradient.
 *
 * Adamax's u = max(beta2 v, |g|) is computed as |g| + relu(beta2 v - |g|):
 * exact for the finite gradients the training guard lets through, and about
 * ten times faster on wasm, whose Maximum kernel is slow.
 */
import * as tf from '@tensorflow/tfjs';
import { getKernel } from '@tensorflow/tfjs-core';
import {
  StrataAdam, StrataAdamInPlace, type StrataAdamAttrs, type StrataAdamInPlaceAttrs,
} from './kernel-names.js';

/** The operands of one step: a variable's value, its two moments, its gradient. */
export interface AdamOperands {
  readonly value: tf.Tensor;
  readonly m: tf.Tensor;
  readonly v: tf.Tensor;
  readonly gradient: tf.Tensor;
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

/** True when no other tensor shares t's memory on the current backend. */
const unshared = (t: tf.Tensor): boolean => tf.backend().refCount(t.dataId) === 1;

/**
 * Runs one step of `attrs` on gradient * gradScale in place for every slot
 * it can, with ema <- emaDecay ema + (1 - emaDecay) value after it where a
 * slot has an average, as one StrataAdamInPlace kernel. Returns the slots it
 * left to the caller (for {@link adamStep}): all of them where the kernel is
 * not registered, and those whose value, moments or average share memory
 * with another tensor, with each other (an average store that is the
 * parameter store), with an earlier slot (a variable listed twice) or with a
 * gradient, or are not float32.
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

/** The step in tf ops, for backends without StrataAdam: the new [value, m, v]. */
const portableStep = ({ value, m, v, gradient: g }: AdamOperands, a: StrataAdamAttrs): [tf.Tensor, tf.Tensor, tf.Tensor] =>
  tf.tidy(() => {
    const m1 = tf.add(tf.mul(m, a.beta1), tf.mul(g, 1 - a.beta1));
    if (a.rule === 'adamax') {
      const magnitude = tf.abs(g);
      const u = tf.add(magnitude, tf.relu(tf.sub(tf.mul(v, a.beta2), magnitude)));
      return [tf.sub(value, tf.div(m1, tf.add(u, a.epsilon)).mul(a.learningRate)), m1, u];
    }
    const v1 = tf.add(tf.mul(v, a.beta2), tf.mul(tf.square(g), 1 - a.beta2));
    const step = tf.div(tf.div(m1, a.correction1), tf.add(tf.sqrt(tf.div(v1, a.correction2)), a.epsilon)).mul(a.learningRate);
    return [tf.sub(value, step), m1, v1];
  });

/**
 * One Adam or Adamax step of one variable, out of place: the new
 * [value, m, v] (the caller assigns and disposes them). One StrataAdam
 * kernel where the backend registers it, tf ops elsewhere; the same
 * formulas either way (Adam: value - lr (m1 / c1) / (sqrt(v1 / c2) + eps);
 * Adamax: value - lr m1 / (u + eps), lr including 1 / (1 - beta1^t)).
 */
export function adamStep(operands: AdamOperands, attrs: StrataAdamAttrs): [tf.Tensor, tf.Tensor, tf.Tensor] {
  if (getKernel(StrataAdam, tf.getBackend()) === undefined) return portableStep(operands, attrs);
  const { value, m, v, gradient } = operands;
  return tf.engine().runKernel(StrataAdam, { value, m, v, gradient },
    attrs as unknown as tf.NamedAttrMap) as [tf.Tensor, tf.Tensor, tf.Tensor];
}
