import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillUniform, prng, prngFromState } from '../../src/random/prng.js';

describe('prng', () => {
  it('property: the same seed gives the same stream, and a captured state resumes it', () => {
    fc.assert(fc.property(fc.integer(), fc.integer({ min: 0, max: 50 }), (seed, skip) => {
      const a = prng(seed);
      const b = prng(seed);
      for (let i = 0; i < skip; i++) a.next();
      const resumed = prngFromState(a.state());
      const next = [a.next(), a.next()];
      for (let i = 0; i < skip; i++) b.next();
      return next[0] === b.next() && next[1] === b.next() && resumed.next() === next[0];
    }));
  });

  it('property: fillUniform holds the 24 high bits of each number of prng(seed), each in [0, 1)', () => {
    fc.assert(fc.property(fc.integer(), fc.integer({ min: 0, max: 300 }), (seed, n) => {
      const filled = fillUniform(seed, new Float32Array(n));
      const stream = prng(seed);
      return filled.every((u) => u === Math.floor(stream.next() * 16777216) / 16777216 && u >= 0 && u < 1);
    }));
  });

  it('fillUniform is uniform: the mean of 100,000 draws is 1/2 within 4 standard errors', () => {
    const u = fillUniform(5, new Float32Array(100000));

    const mean = u.reduce((a, b) => a + b, 0) / u.length;

    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / u.length));
  });
});
