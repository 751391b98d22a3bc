import { describe, expect, it } from 'vitest';
import { agreeAny, agreeMeans } from '../../src/distributed/agree.js';
import { fakeWorld } from './fake-world.js';

describe('agreeMeans', () => {
  it('is the mean over ranks of each value', () => {
    // Arrange: the peer holds each value plus 2.
    const world = fakeWorld(0, (a) => a.map((v) => v + 2));
    // Act
    const means = agreeMeans(world, Float64Array.of(1, -3));
    // Assert
    expect(Array.from(means)).toEqual([2, -2]);
  });

  it('is non-finite when any rank saw a non-finite value, so every rank skips', () => {
    const world = fakeWorld(0, (a) => a.map(() => Number.NaN));
    expect(Number.isFinite(agreeMeans(world, Float64Array.of(1))[0])).toBe(false);
  });
});

describe('agreeAny', () => {
  it('is true when any rank says true', () => {
    expect(agreeAny(fakeWorld(0, (a) => a.map(() => 1)), false)).toBe(true);
    expect(agreeAny(fakeWorld(0, (a) => a.map(() => 0)), false)).toBe(false);
    expect(agreeAny(fakeWorld(0, (a) => a.map(() => 0)), true)).toBe(true);
  });
});
