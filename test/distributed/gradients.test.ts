import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { allReduceGradients } from '../../src/distributed/gradients.js';
import { fakeWorld } from './fake-world.js';

const store = (): Map<string, tf.Variable> => new Map([
  ['a/w', tf.variable(tf.zeros([2, 3]), true, 'dist-a')],
  ['b/w', tf.variable(tf.zeros([4]), true, 'dist-b')],
]);

// The wasm case reduces in place in the wasm heap (the native backend's path); cpu goes through a copy.
describe.each(['cpu', 'wasm'])('allReduceGradients on %s', (backend) => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('is the mean over ranks of each gradient, in the gradient shapes', async () => {
    // Arrange: the peer's gradients are this rank's plus 2 everywhere (flags included: they only test > 0).
    await tf.setBackend(backend);
    const params = store();
    const world = fakeWorld(0, (a) => a.map((v) => v + 2));
    const grads = { 'a/w': tf.tensor2d([[1, 2, 3], [4, 5, 6]]), 'b/w': tf.tensor1d([-1, 0, 1, 2]) };
    // Act
    const averaged = allReduceGradients(world, params, grads);
    // Assert
    expect(averaged['a/w'].shape).toEqual([2, 3]);
    expect(Array.from(averaged['a/w'].dataSync())).toEqual([2, 3, 4, 5, 6, 7]);
    expect(Array.from(averaged['b/w'].dataSync())).toEqual([0, 1, 2, 3]);
    tf.dispose(Object.values(averaged));
    params.forEach((v) => v.dispose());
  });

  it('gives a parameter a gradient when only another rank has one, and none when no rank has', async () => {
    // Arrange: locally only 'a/w' has a gradient; the peer also has one for 'b/w' (its flag is 1).
    await tf.setBackend(backend);
    const params = store();
    const peerHasB = fakeWorld(0, (a) => a.map((v, i) => (i >= 10 ? 1 : i >= 6 ? 4 : v)));
    const same = fakeWorld(0);
    // Act
    const both = allReduceGradients(peerHasB, params, { 'a/w': tf.ones([2, 3]) });
    const only = allReduceGradients(same, params, { 'a/w': tf.ones([2, 3]) });
    // Assert
    expect(Array.from(both['b/w'].dataSync())).toEqual([2, 2, 2, 2]);
    expect(Object.keys(only)).toEqual(['a/w']);
    tf.dispose([...Object.values(both), ...Object.values(only)]);
    params.forEach((v) => v.dispose());
  });

  it('leaves no tensors behind over repeated steps', async () => {
    await tf.setBackend(backend);
    const params = store();
    const world = fakeWorld(0);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.dispose(Object.values(allReduceGradients(world, params, { 'a/w': tf.ones([2, 3]), 'b/w': tf.ones([4]) })));
    expect(tf.memory().numTensors).toBe(before);
    params.forEach((v) => v.dispose());
  });
});
