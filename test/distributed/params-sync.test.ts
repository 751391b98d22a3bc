import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { broadcastParams, checkParamsInSync, paramsHash } from '../../src/distributed/params-sync.js';
import { fakeWorld } from './fake-world.js';

const store = (values: number[]): Map<string, tf.Variable> => new Map([
  ['a', tf.variable(tf.tensor1d(values.slice(0, 2)))],
  ['b', tf.variable(tf.tensor1d(values.slice(2)))],
]);

describe('paramsHash', () => {
  it('is equal for equal stores and changes when one bit of one value changes', () => {
    const [x, y, z] = [store([1, 2, 3]), store([1, 2, 3]), store([1, 2, 3 + 2 ** -22])];
    expect(paramsHash(x)).toBe(paramsHash(y));
    expect(paramsHash(x)).not.toBe(paramsHash(z));
    [x, y, z].forEach((s) => s.forEach((v) => v.dispose()));
  });
});

describe('checkParamsInSync', () => {
  it('passes when every rank has the same hash', () => {
    const params = store([1, 2, 3]);
    expect(() => checkParamsInSync(fakeWorld(0), params, 7)).not.toThrow();
    params.forEach((v) => v.dispose());
  });

  it('throws naming the step when another rank\'s parameters differ', () => {
    // Arrange: the peer's hash is one more than ours.
    const params = store([1, 2, 3]);
    const world = fakeWorld(0, (a) => Float64Array.from(a, (v) => v + 1));
    // Act / Assert
    expect(() => checkParamsInSync(world, params, 7)).toThrow(/parameters drifted across ranks at step 7/);
    params.forEach((v) => v.dispose());
  });
});

describe('broadcastParams', () => {
  it('gives a non-root rank the root\'s values, and leaves no tensors behind', () => {
    // Arrange: rank 1, whose root (the peer) holds 10 times its values.
    const params = store([1, 2, 3]);
    const before = tf.memory().numTensors;
    // Act
    broadcastParams(fakeWorld(1, (a) => Float32Array.from(a, (v) => 10 * v)), params);
    // Assert
    expect(Array.from(params.get('a')!.dataSync())).toEqual([10, 20]);
    expect(Array.from(params.get('b')!.dataSync())).toEqual([30]);
    expect(tf.memory().numTensors).toBe(before);
    params.forEach((v) => v.dispose());
  });
});
