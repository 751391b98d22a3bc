/**
 * Adam and Adamax with the update of all variables fused into one native
 * pass (StrataAdamInPlace, or StrataAdam per variable), for the `native`
 * backend. Same formulas, defaults
 * and weight layout as tf.train.adam / tf.train.adamax, which {@link adam}
 * and {@link adamax} return wherever the kernel is not registered.
 */
import * as tf from '@tensorflow/tfjs';
import { getKernel } from '@tensorflow/tfjs-core';
import { adamInPlace } from './adam-in-place.js';
import { StrataAdam, type StrataAdamAttrs } from './adam-kernel.js';

export type { StrataAdamAttrs } from './adam-kernel.js';

interface Moments {
  readonly m: tf.Variable;
  readonly v: tf.Variable;
}

/** A named tensor as optimizers save and restore them. */
type NamedTensor = { name: string; tensor: tf.Tensor };

/** Hyper-parameters of {@link NativeAdamOptimizer}. */
export interface AdamConfig {
  readonly rule: 'adam' | 'adamax';
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  /** Default: the backend's epsilon, as tfjs. */
  readonly epsilon?: number;
  /** Adamax learning-rate decay per iteration (tfjs's `decay`); 0 for Adam. */
  readonly decay?: number;
}

/**
 * Adam or Adamax whose step is one in-place StrataAdamInPlace kernel over
 * every variable, or the StrataAdam kernel per variable for a variable
 * whose memory another tensor shares.
 */
export class NativeAdamOptimizer extends tf.Optimizer {
  /** Serialization name. */
  static get className(): string {
    return 'NativeAdam';
  }

  private readonly moments = new Map<string, Moments>();
  private readonly epsilon: number;

  /** An optimizer with the given rule and hyper-parameters. */
  constructor(readonly config: AdamConfig) {
    super();
    this.epsilon = config.epsilon ?? tf.backend().epsilon();
  }

  private momentsOf(name: string, value: tf.Variable): Moments {
    const known = this.moments.get(name);
    if (known !== undefined) return known;
    const fresh = tf.tidy(() => ({
      m: tf.variable(tf.zerosLike(value), false),
      v: tf.variable(tf.zerosLike(value), false),
    }));
    this.moments.set(name, fresh);
    return fresh;
  }

  private stepAttrs(): StrataAdamAttrs {
    const { rule, learningRate, beta1, beta2, decay = 0 } = this.config;
    const t = this.iterations + 1;
    const correction1 = 1 - beta1 ** t;
    const correction2 = 1 - beta2 ** t;
    return rule === 'adam'
      ? { rule, learningRate, beta1, beta2, epsilon: this.epsilon, correction1, correction2 }
      : { rule, learningRate: learningRate / (1 + this.iterations * decay) / correction1,
        beta1, beta2, epsilon: this.epsilon, correction1: 1, correction2: 1 };
  }

  /** One step for each variable that has a gradient. */
  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const pairs = Array.isArray(variableGradients)
      ? variableGradients.map(({ name, tensor }) => [name, tensor] as const)
      : Object.entries(variableGradients);
    const attrs = this.stepAttrs();
    const slots = pairs.flatMap(([name, gradient]) => {
      if (gradient == null) return [];
      const value = tf.engine().registeredVariables[name];
      return [{ value, gradient, ...this.momentsOf(name, value) }];
    });
    const left = adamInPlace(slots, attrs, 1, 0);
    tf.tidy(() => {
      for (const { value, m, v, gradient } of left) {
        const step = fusedAdamStep({ value, m, v, gradient }, attrs);
        if (step === undefined) throw new Error(`${StrataAdam} is not registered for ${tf.getBackend()}`);
        const [p2, m2, v2] = step;
        value.assign(p2);
        m.assign(m2);
        v.assign(v2);
      }
    });
    this.incrementIterations();
  }

  /** Frees the moment variables. */
  override dispose(): void {
    this.moments.forEach(({ m, v }) => tf.dispose([m, v]));
    this.moments.clear();
  }

  /** The iteration count, then every first and every second moment (as tfjs). */
  override async getWeights(): Promise<NamedTensor[]> {
    const all = [...this.moments];
    return [await this.saveIterations(),
      ...all.map(([name, { m }]) => ({ name: `${name}/m`, tensor: m })),
      ...all.map(([name, { v }]) => ({ name: `${name}/v`, tensor: v }))];
  }

  /** Restores what {@link getWeights} saved, for the variables seen so far. */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const moments = await this.extractIterations(weightValues);
    const half = moments.length / 2;
    [...this.moments.values()].forEach(({ m, v }, i) => {
      m.assign(moments[i].tensor);
      v.assign(moments[half + i].tensor);
    });
  }

  /** The hyper-parameters. */
  getConfig(): tf.serialization.ConfigDict {
    return { ...this.config, epsilon: this.epsilon };
  }
}

const nativeAvailable = (): boolean => getKernel(StrataAdam, tf.getBackend()) !== undefined;

/** The operands of one fused step: a variable's value, its two moments, its gradient. */
export interface AdamOperands {
  readonly value: tf.Tensor;
  readonly m: tf.Tensor;
  readonly v: tf.Tensor;
  readonly gradient: tf.Tensor;
}

/**
 * One fused Adam or Adamax step of one variable on the current backend, for
 * optimizers that keep their own state: the new [value, m, v] (the caller
 * assigns and disposes them), or undefined when the StrataAdam kernel is not
 * registered for the backend (then compute the step with tf ops).
 */
export function fusedAdamStep(operands: AdamOperands,
  attrs: StrataAdamAttrs): [tf.Tensor, tf.Tensor, tf.Tensor] | undefined {
  if (!nativeAvailable()) return undefined;
  const { value, m, v, gradient } = operands;
  return tf.engine().runKernel(StrataAdam, { value, m, v, gradient },
    attrs as unknown as tf.NamedAttrMap) as [tf.Tensor, tf.Tensor, tf.Tensor];
}

/**
 * Adam for the current backend: {@link NativeAdamOptimizer} when the
 * StrataAdam kernel is registered for it (the native backend), otherwise
 * tf.train.adam with the same parameters.
 */
export function adam(learningRate: number, beta1 = 0.9, beta2 = 0.999,
  epsilon?: number): tf.Optimizer {
  return nativeAvailable()
    ? new NativeAdamOptimizer({ rule: 'adam', learningRate, beta1, beta2, epsilon })
    : tf.train.adam(learningRate, beta1, beta2, epsilon);
}

/** Adamax for the current backend, as {@link adam} (tf.train.adamax elsewhere). */
export function adamax(learningRate = 0.002, beta1 = 0.9, beta2 = 0.999, epsilon?: number,
  decay = 0): tf.Optimizer {
  return nativeAvailable()
    ? new NativeAdamOptimizer({ rule: 'adamax', learningRate, beta1, beta2, epsilon, decay })
    : tf.train.adamax(learningRate, beta1, beta2, epsilon, decay);
}
