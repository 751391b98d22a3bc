/**
 * The native StrataSoftmaxXent and StrataSoftmaxXentGrad kernels: log
 * softmax(logits)[target] per row and its gradient, one pass over the
 * logits each (native/src/softmax_xent.h). The op, its portable fallback
 * and its gradient live in src/ops/softmax-cross-entropy.ts.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { StrataSoftmaxXent, StrataSoftmaxXentGrad, type StrataSoftmaxXentAttrs } from '../../ops/kernel-names.js';
import type { NativeAddon } from './addon.js';
import { heapOf, offsetOf, requireFloat32 } from './heap.js';

/** The PAD id of a call (attrs {@link StrataSoftmaxXentAttrs}), NaN for none. */
const padOf = (attrs: unknown): number => (attrs as Partial<StrataSoftmaxXentAttrs> | undefined)?.padId ?? Number.NaN;

/** StrataSoftmaxXent over logits [R, V] and targets [R]: outputs [logp, lse], each [R] (0 on PAD rows). */
export function softmaxXentKernel(addon: NativeAddon): KernelFunc {
  return (args) => {
    const { logits, targets } = args.inputs as Record<'logits' | 'targets', TensorInfo>;
    requireFloat32(StrataSoftmaxXent, { logits, targets });
    const [rows, classes] = logits.shape;
    const backend = args.backend as BackendWasm;
    const logp = backend.makeOutput([rows], 'float32');
    const lse = backend.makeOutput([rows], 'float32');
    const at = (t: TensorInfo): number => offsetOf(backend, t);
    addon.softmaxXent(heapOf(backend), at(logits), at(targets), at(logp), at(lse), rows, classes, padOf(args.attrs));
    return [logp, lse];
  };
}

/** StrataSoftmaxXentGrad from logits, targets, lse and dy: dlogits [R, V]. */
export function softmaxXentGradKernel(addon: NativeAddon): KernelFunc {
  return (args) => {
    const { logits, targets, lse, dy } = args.inputs as Record<'logits' | 'targets' | 'lse' | 'dy', TensorInfo>;
    requireFloat32(StrataSoftmaxXentGrad, { logits, targets, lse, dy });
    const [rows, classes] = logits.shape;
    const backend = args.backend as BackendWasm;
    const dlogits = backend.makeOutput([rows, classes], 'float32');
    const at = (t: TensorInfo): number => offsetOf(backend, t);
    addon.softmaxXentGrad(heapOf(backend), at(logits), at(targets), at(lse), at(dy), at(dlogits), rows, classes, padOf(args.attrs));
    return dlogits;
  };
}
