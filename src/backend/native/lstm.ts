/**
 * The native StrataLstm and StrataLstmGrad kernels: a whole LSTM sequence
 * forward, and backward, in one addon call each (native/src/lstm.h). The op
 * and its gradient live in src/ops/lstm.ts.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { StrataLstm, StrataLstmGrad } from '../../ops/kernel-names.js';
import type { NativeAddon } from './addon.js';
import { heapOf, offsetOf, requireFloat32 } from './heap.js';

/** StrataLstm over xs [T, N, 4H] and wh [H, 4H]: outputs [hs, cs, acts]. */
export function lstmKernel(addon: NativeAddon): KernelFunc {
  return (args) => {
    const { xs, wh } = args.inputs as Record<'xs' | 'wh', TensorInfo>;
    requireFloat32(StrataLstm, { xs, wh });
    const [steps, rows, gates] = xs.shape;
    const units = gates / 4;
    const backend = args.backend as BackendWasm;
    const hs = backend.makeOutput([steps, rows, units], 'float32');
    const cs = backend.makeOutput([steps, rows, units], 'float32');
    const acts = backend.makeOutput([steps, rows, gates], 'float32');
    const at = (t: TensorInfo): number => offsetOf(backend, t);
    addon.lstm(heapOf(backend), at(xs), at(wh), at(hs), at(cs), at(acts), steps, rows, units);
    return [hs, cs, acts];
  };
}

/** StrataLstmGrad from dhs, wh, hs, cs and acts: outputs [dxs, dwh]. */
export function lstmGradKernel(addon: NativeAddon): KernelFunc {
  return (args) => {
    const { dhs, wh, hs, cs, acts } = args.inputs as Record<'dhs' | 'wh' | 'hs' | 'cs' | 'acts', TensorInfo>;
    requireFloat32(StrataLstmGrad, { dhs, wh, hs, cs, acts });
    const [steps, rows, units] = hs.shape;
    const backend = args.backend as BackendWasm;
    const dxs = backend.makeOutput([steps, rows, 4 * units], 'float32');
    const dwh = backend.makeOutput([units, 4 * units], 'float32');
    const at = (t: TensorInfo): number => offsetOf(backend, t);
    addon.lstmGrad(heapOf(backend), at(dhs), at(wh), at(hs), at(cs), at(acts), at(dxs), at(dwh), steps, rows, units);
    return [dxs, dwh];
  };
}
