/**
 * The native StrataBernoulliLogProb and StrataBernoulliLogProbGrad kernels:
 * the Bernoulli log-likelihood of x under logits and its gradient in the
 * logits, each one pass (native/src/bernoulli.h). The op, its portable
 * fallback and its gradient live in src/ops/bernoulli-log-prob.ts.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { StrataBernoulliLogProb, StrataBernoulliLogProbGrad } from '../../ops/kernel-names.js';
import type { NativeAddon } from './addon.js';
import { heapOf, offsetOf, requireFloat32, requireSameShape, sizeOf } from './heap.js';

/** StrataBernoulliLogProb over logits and x of one shape: the elementwise log-likelihood. Throws, naming the input, for another dtype than float32 or another shape. */
export function bernoulliLogProbKernel(addon: NativeAddon): KernelFunc {
  return (args) => {
    const { logits, x } = args.inputs as Record<'logits' | 'x', TensorInfo>;
    requireFloat32(StrataBernoulliLogProb, { logits, x });
    requireSameShape(StrataBernoulliLogProb, { logits, x });
    const backend = args.backend as BackendWasm;
    const out = backend.makeOutput([...logits.shape], 'float32');
    const at = (t: TensorInfo): number => offsetOf(backend, t);
    addon.bernoulliLogProb(heapOf(backend), at(logits), at(x), at(out), sizeOf(logits.shape));
    return out;
  };
}

/** StrataBernoulliLogProbGrad from dy, logits and x of one shape: dlogits. Throws, naming the input, for another dtype than float32 or another shape. */
export function bernoulliLogProbGradKernel(addon: NativeAddon): KernelFunc {
  return (args) => {
    const { dy, logits, x } = args.inputs as Record<'dy' | 'logits' | 'x', TensorInfo>;
    requireFloat32(StrataBernoulliLogProbGrad, { dy, logits, x });
    requireSameShape(StrataBernoulliLogProbGrad, { logits, dy, x });
    const backend = args.backend as BackendWasm;
    const dl = backend.makeOutput([...logits.shape], 'float32');
    const at = (t: TensorInfo): number => offsetOf(backend, t);
    addon.bernoulliLogProbGrad(heapOf(backend), at(dy), at(logits), at(x), at(dl), sizeOf(logits.shape));
    return dl;
  };
}
