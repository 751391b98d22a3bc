/**
 * A small, explicit, splittable pseudo-random number generator.
 *
 * strata keeps no hidden random state: every consumer of randomness receives a
 * `Prng` (or a numeric seed) and the same seed always yields the same stream.
 * The generator is mulberry32 (32-bit state, period 2^32), good enough for
 * shuffling, binarization and seeding tfjs ops; seeds are mixed with
 * splitmix32 so that nearby seeds give unrelated streams.
 */

/** A deterministic stream of uniform numbers with an inspectable state. */
export interface Prng {
  /** Uniform float in [0, 1). */
  readonly next: () => number;
  /** Uniform integer in [0, n). */
  readonly nextInt: (n: number) => number;
  /** Current 32-bit state; `prng(state)` with `fromState` resumes the stream. */
  readonly state: () => number;
}

/** splitmix32 finalizer: a bijective mixing of a 32-bit integer. */
export const mix32 = (x: number): number => {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
};

/** Derives an independent seed from a seed and a list of integers (step, node index, ...). */
export const deriveSeed = (seed: number, ...path: readonly number[]): number =>
  path.reduce<number>((s, p) => mix32(s ^ mix32(p >>> 0)), mix32(seed >>> 0));

/** The 32-bit output of mulberry32 for the state `a` (already advanced). */
const scramble = (a: number): number => {
  let t = Math.imul(a ^ (a >>> 15), a | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
};

const fromRawState = (initial: number): Prng => {
  let a = initial >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    return scramble(a) / 4294967296;
  };
  return {
    next,
    nextInt: (n) => Math.floor(next() * n),
    state: () => a,
  };
};

/** A generator seeded from `seed` (any integer). */
export const prng = (seed: number): Prng => fromRawState(mix32(seed >>> 0));

/**
 * Fills `out` with uniforms in [0, 1) from the stream of `prng(seed)`: the 24
 * high bits of each number, so every value is exact in float32 and below 1.
 * One loop without a call per number, for masks and noise over whole tensors.
 */
export const fillUniform = (seed: number, out: Float32Array): Float32Array => {
  let a = mix32(seed >>> 0);
  for (let i = 0; i < out.length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    out[i] = (scramble(a) >>> 8) / 16777216;
  }
  return out;
};

/** A generator that resumes from a state captured with `Prng.state()`. */
export const prngFromState = (state: number): Prng => fromRawState(state);

/** Fisher–Yates shuffle of 0..n-1 driven by `rng`. */
export const permutation = (n: number, rng: Prng): Uint32Array => {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
};
