/**
 * Adam with each variable's update fused into one native pass (the
 * StrataAdam kernel), for the `native` backend. Same formula, defaults and
 * weight layout as tf.train.adam, which {@link adam} returns wherever the
 * kernel is not registered.
 */
import * as tf from '@tensorflow/tfjs';
import { getKernel } from '@tensorflow/tfjs-core';
import { StrataAdam, type StrataAdamAttrs } from './adam-kernel.js';

interface Moments {
  readonly m: tf.Variable;
  readonly v: tf.Variable;
}

/** A named tensor as optimizers save and restore them. */
type NamedTensor = { name: string; tensor: tf.Tensor };

/** Adam whose per-variable step is the StrataAdam kernel. */
export class NativeAdamOptimizer extends tf.Optimizer {
  /** Serialization name. */
  static get className(): string {
    return 'NativeAdam';
  }

  private readonly moments = new Map<string, Moments>();

  /** Same parameters and defaults as tf.train.adam. */
  constructor(readonly learningRate: number, readonly beta1 = 0.9, readonly beta2 = 0.999,
    readonly epsilon = tf.backend().epsilon()) {
    super();
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

  /** One Adam step for each variable that has a gradient. */
  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const pairs = Array.isArray(variableGradients)
      ? variableGradients.map(({ name, tensor }) => [name, tensor] as const)
      : Object.entries(variableGradients);
    const t = this.iterations + 1;
    const attrs: StrataAdamAttrs = {
      learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2,
      epsilon: this.epsilon, correction1: 1 - this.beta1 ** t, correction2: 1 - this.beta2 ** t,
    };
    tf.tidy(() => {
      for (const [name, gradient] of pairs) {
        if (gradient == null) continue;
        const value = tf.engine().registeredVariables[name];
        const { m, v } = this.momentsOf(name, value);
        const [p2, m2, v2] = tf.engine().runKernel(StrataAdam, { value, m, v, gradient },
          attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
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

  /** The iteration count, then every first and every second moment (as tf.train.adam). */
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

  /** The constructor parameters. */
  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2,
      epsilon: this.epsilon };
  }
}

/**
 * Adam for the current backend: {@link NativeAdamOptimizer} when the
 * StrataAdam kernel is registered for it (the native backend), otherwise
 * tf.train.adam with the same parameters.
 */
export function adam(learningRate: number, beta1 = 0.9, beta2 = 0.999,
  epsilon?: number): tf.Optimizer {
  return getKernel(StrataAdam, tf.getBackend()) !== undefined
    ? new NativeAdamOptimizer(learningRate, beta1, beta2, epsilon)
    : tf.train.adam(learningRate, beta1, beta2, epsilon);
}
