import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { skipReason } from './reference.js';

describe.skipIf(skipReason !== '')(`copy-free Identity${skipReason}`, () => {
  it('keeps a clone valid after its source is disposed, and shares rather than copies', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory();
    const buffers = (): number => tf.backend().numDataIds();
    const a = tf.tensor([1, 2, 3]);
    const shared = buffers();
    const b = tf.clone(a);
    expect(buffers()).toBe(shared);
    a.dispose();
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3]);
    b.dispose();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(buffers()).toBe(shared - 1);
  });
});
