/**
 * Where tensors live in the wasm backend's memory: the heap ArrayBuffer and
 * each tensor's byte offset in it, handed to the addon so it computes in place.
 */
import { util, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * The wasm heap. Allocation may grow (and replace) it, so take it after the
 * last makeOutput of a kernel, never before.
 */
export function heapOf(backend: BackendWasm): ArrayBuffer {
  return (backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.buffer as ArrayBuffer;
}

/** Byte offset of a tensor's data in the wasm heap. */
export function offsetOf(backend: BackendWasm, tensor: TensorInfo): number {
  return backend.getMemoryOffset(tensor.dataId);
}

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Throws, naming `kernel` and the input, unless every tensor of `named` is float32. */
export function requireFloat32(kernel: string, named: Readonly<Record<string, TensorInfo>>): void {
  for (const [name, t] of Object.entries(named)) {
    if (t.dtype !== 'float32') throw new Error(`${kernel}: ${name} must be float32, got ${t.dtype}`);
  }
}

/** Whether two tensors have the same shape. */
export const sameShape = (a: TensorInfo, b: TensorInfo): boolean => util.arraysEqual(a.shape, b.shape);

/** Throws, naming `kernel` and the input, unless every tensor of `named` has the shape of the first. */
export function requireSameShape(kernel: string, named: Readonly<Record<string, TensorInfo>>): void {
  const [[firstName, first], ...rest] = Object.entries(named);
  for (const [name, t] of rest) {
    if (!sameShape(t, first)) throw new Error(`${kernel}: ${name} [${t.shape}] must have the shape of ${firstName} [${first.shape}]`);
  }
}
