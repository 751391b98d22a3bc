import { describe, expect, it } from 'vitest';
import { bernoulliInto } from '../../src/datasets/binarize.js';
import type { Prng } from '../../src/random/prng.js';

/** A Prng whose every 32-bit draw has `high` in its upper and `low` in its lower 16 bits. */
const fixed = (high: number, low: number): Prng => ({ next: () => (high * 65536 + low) / 4294967296, nextInt: () => 0, state: () => 0 });

describe('bernoulliInto: pixel v is 1 exactly when the 16-bit draw u satisfies u < round(v * 65536 / 255)', () => {
  it('a black pixel is 0 even for the draw u = 0 (P(1) = 0 exactly), a white pixel 1 even for u = 65535', () => {
    const out = new Float32Array(2);

    bernoulliInto(Uint8Array.from([0, 0]), fixed(0, 0), out);
    const black = Array.from(out);
    bernoulliInto(Uint8Array.from([255, 255]), fixed(65535, 65535), out);

    expect(black).toEqual([0, 0]);
    expect(Array.from(out)).toEqual([1, 1]);
  });

  it('for v = 128 the threshold is 32897: u = 32896 gives 1 and u = 32897 gives 0, in both halves of a draw', () => {
    const threshold = Math.round((128 * 65536) / 255);
    const out = new Uint8Array(2);

    bernoulliInto(Uint8Array.from([128, 128]), fixed(threshold - 1, threshold), out);
    const first = Array.from(out);
    bernoulliInto(Uint8Array.from([128, 128]), fixed(threshold, threshold - 1), out);

    expect(threshold).toBe(32897);
    expect(first).toEqual([1, 0]);
    expect(Array.from(out)).toEqual([0, 1]);
  });
});
