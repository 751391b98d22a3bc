/**
 * Adamax and Adam with explicit, exportable state. tfjs 4.22 cannot export
 * Adamax state (getWeights throws), so strata keeps the moments itself as
 * named variables that a checkpoint saves and restores exactly. The step is
 * src/ops/adam.ts's: on the native backend one in-place kernel for the
 * variables whose memory no other tensor shares (StrataAdamInPlace) and one
 * fused kernel for each other variable (StrataAdam); tf ops elsewhere.
 */
import * as tf from '@tensorflow/tfjs';
import type { ParamStore } from '../dsl/params.js';
import { adamInPlace, adamStep } from '../ops/adam.js';
import type { StrataAdamAttrs } from '../ops/kernel-names.js';
import type { OptimizerConfig } from './config-types.js';
import { updateEma } from './ema.js';

/** What else one update does besides the step. */
export interface ApplyOptions {
  /** The factor of every gradient (default 1). */
  readonly gradScale?: number;
  /** A moving average to move after the step, with this step's decay. */
  readonly ema?: { readonly store: ParamStore; readonly decay: number };
}

/** An optimizer over a fixed set of named variables. */
export interface Optimizer {
  readonly config: OptimizerConfig;
  /** Number of updates applied so far. */
  readonly iterations: () => number;
  /** The learning rate of the next update: lr * decay^t * min(1, (t + 1) / warmup). */
  readonly learningRate: () => number;
  /**
   * Applies one update from gradients keyed like the variables, each scaled
   * by `options.gradScale` (default 1, as global-norm clipping sets it), and
   * then moves `options.ema` (every average of the store towards its
   * variable; see ema.ts). On the native backend the update of every variable
   * whose buffers no other tensor shares, its average included, is one
   * in-place kernel (StrataAdamInPlace); the rest (such as the first step
   * after createEma, whose averages start as the weights' own buffers) take
   * a fused kernel per variable, and averages of variables without a
   * gradient move in one StrataMovingAverage.
   */
  readonly apply: (variables: ReadonlyMap<string, tf.Variable>, grads: Readonly<Record<string, tf.Tensor>>,
    options?: ApplyOptions) => void;
  /** The moments as named tensors (`m/<name>`, `v/<name>`), owned by the optimizer. */
  readonly state: () => { readonly iterations: number; readonly tensors: tf.NamedTensorMap };
  /** Restores moments and iteration count saved by `state`. */
  readonly restore: (iterations: number, tensors: tf.NamedTensorMap) => void;
  readonly dispose: () => void;
}

/** Creates an Adamax (Kingma & Ba 2015, sec. 7.1) or Adam optimizer with zero moments. */
export const createOptimizer = (config: OptimizerConfig): Optimizer => {
  const moments = new Map<string, tf.Variable>();
  let t = 0;
  const moment = (key: string, like: tf.Tensor): tf.Variable => {
    let v = moments.get(key);
    if (v === undefined) {
      v = tf.tidy(() => tf.variable(tf.zerosLike(like), false));
      moments.set(key, v);
    }
    return v;
  };
  const { beta1, beta2, epsilon } = config;
  const learningRate = (): number => config.lr * Math.pow(config.decay, t) * ((config.warmup ?? 0) > 0 ? Math.min(1, (t + 1) / config.warmup) : 1);
  const apply: Optimizer['apply'] = (variables, grads, options = {}) => {
    const { gradScale = 1, ema } = options;
    const lr = learningRate();
    t += 1;
    const correction1 = 1 - Math.pow(beta1, t);
    const correction2 = 1 - Math.pow(beta2, t);
    const fusedAttrs: StrataAdamAttrs =
      config.name === 'adamax'
        ? { rule: 'adamax', learningRate: lr / correction1, beta1, beta2, epsilon, correction1: 1, correction2: 1 }
        : { rule: 'adam', learningRate: lr, beta1, beta2, epsilon, correction1, correction2 };
    const slots = [...variables].flatMap(([name, value]) => {
      const gradient = grads[name];
      return gradient === undefined ? [] : [{
        name, value, gradient, m: moment(`m/${name}`, value), v: moment(`v/${name}`, value), ema: ema?.store.get(name),
      }];
    });
    const left = adamInPlace(slots, fusedAttrs, gradScale, ema?.decay ?? 0);
    tf.tidy(() => {
      for (const { value: variable, m, v, gradient } of left) {
        const g = gradScale === 1 ? gradient : tf.mul(gradient, gradScale);
        const [value, m1, v1] = adamStep({ value: variable, m, v, gradient: g }, fusedAttrs);
        variable.assign(value);
        m.assign(m1);
        v.assign(v1);
      }
    });
    if (ema !== undefined) {
      const notMoved = new Set(left);
      const moved = new Set(slots.filter((s) => !notMoved.has(s) && s.ema !== undefined).map((s) => s.name));
      updateEma(new Map([...ema.store].filter(([name]) => !moved.has(name))), variables, ema.decay);
    }
  };
  return {
    config,
    iterations: () => t,
    learningRate,
    apply,
    state: () => ({ iterations: t, tensors: Object.fromEntries(moments) }),
    restore: (iterations, tensors) => {
      t = iterations;
      for (const [key, value] of Object.entries(tensors)) {
        const existing = moments.get(key);
        if (existing === undefined) moments.set(key, tf.tidy(() => tf.variable(value.clone(), false)));
        else existing.assign(value);
      }
    },
    dispose: () => {
      moments.forEach((v) => v.dispose());
      moments.clear();
    },
  };
};
