import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { partialPriorSet } from '../inference/objectives/partial-prior.js';
import { analyticElbo, freeBitsBound, iwaeBound, mcElbo, meanLogWeight, perDatum, type LawSubject } from './subject.js';

/** Tolerances of the laws: float32 equality and the statistical slack of the K-monotonicity law. */
export interface LawOptions {
  /** Absolute tolerance in nats for float32 (in)equalities (default 1e-3 per nat of magnitude, at least 1e-3). */
  readonly tolerance?: number;
  /** Largest K drawn (default 16). */
  readonly maxK?: number;
  /** Repeats averaged by the monotonicity law (default 24). */
  readonly repeats?: number;
}

const seeds = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const close = (a: number, b: number, tol: number): boolean => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
const all = (a: Float32Array, b: Float32Array, ok: (x: number, y: number) => boolean): boolean => a.every((x, i) => ok(x, b[i]));
const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/**
 * The bound laws of strata (README.md, "Bound laws for your own models") as
 * fast-check properties over noise seeds (and K), for ANY model, parameters and data: run them in your own
 * test suite with `await fc.assert(law)` (the laws are asynchronous: every
 * read of a tensor is). Each law is named after its statement.
 */
export const boundLaws = (subject: LawSubject, options: LawOptions = {}): Record<string, fc.IAsyncProperty<unknown>> => {
  const tol = options.tolerance ?? 1e-3;
  const maxK = options.maxK ?? 16;
  const ks = fc.integer({ min: 1, max: maxK });
  return {
    /** L_K >= mean_k log w_k on the same noise (Jensen, pathwise). */
    'IWAE_K >= mean of its K log weights': fc.asyncProperty(seeds, ks, async (seed, k) =>
      all(await perDatum(subject, { seed, k }, iwaeBound), await perDatum(subject, { seed, k }, meanLogWeight), (a, b) => a >= b - tol * Math.max(1, Math.abs(b))),
    ),
    /** L_1 equals the Monte Carlo ELBO on the same noise. */
    'IWAE_1 == ELBO on the same noise': fc.asyncProperty(seeds, async (seed) =>
      all(await perDatum(subject, { seed, k: 1 }, iwaeBound), await perDatum(subject, { seed, k: 1 }, mcElbo), (a, b) => close(a, b, tol)),
    ),
    /** L^{>0} (S empty) equals the ELBO on the same noise. */
    'L^{>0} == ELBO on the same noise': fc.asyncProperty(seeds, ks, async (seed, k) => {
      const s = partialPriorSet(subject.model, 0);
      if (E.isLeft(s)) return false;
      return all(await perDatum(subject, { seed, k, resample: s.right }, mcElbo), await perDatum(subject, { seed, k }, mcElbo), (a, b) => close(a, b, tol));
    }),
    /** For every layer k, the importance-weighted L^{>k}_K dominates the mean of its K log weights, and both are finite. */
    'L^{>k}_K >= mean of its log weights, finite, for every layer k': fc.asyncProperty(
      seeds,
      ks,
      fc.constantFrom(...subject.model.layers),
      async (seed, k, layer) => {
        const s = partialPriorSet(subject.model, layer);
        if (E.isLeft(s)) return false;
        const bound = await perDatum(subject, { seed, k, resample: s.right }, iwaeBound);
        const mean = await perDatum(subject, { seed, k, resample: s.right }, meanLogWeight);
        return bound.every(Number.isFinite) && all(bound, mean, (a, b) => a >= b - tol * Math.max(1, Math.abs(b)));
      },
    ),
    /** max(lambda, KL) >= KL, so the free-bits objective never exceeds the ELBO. */
    'freeBits(lambda) <= ELBO': fc.asyncProperty(seeds, fc.double({ min: 0, max: 10, noNaN: true }), async (seed, lambda) => {
      const fb = await perDatum(subject, { seed, k: 1 }, freeBitsBound(lambda));
      const el = await perDatum(subject, { seed, k: 1 }, analyticElbo);
      return mean([...fb]) <= mean([...el]) + tol * Math.max(1, Math.abs(mean([...el])));
    }),
    /** A zero floor is no floor (analytic KL is non-negative). */
    'freeBits(0) == ELBO': fc.asyncProperty(seeds, async (seed) =>
      all(await perDatum(subject, { seed, k: 1 }, freeBitsBound(0)), await perDatum(subject, { seed, k: 1 }, analyticElbo), (a, b) => close(a, b, tol)),
    ),
    /** Every bound is finite. */
    'all bounds finite': fc.asyncProperty(seeds, ks, async (seed, k) =>
      (await Promise.all([iwaeBound, mcElbo, analyticElbo, freeBitsBound(1)].map((f) => perDatum(subject, { seed, k }, f)))).every((v) => v.every(Number.isFinite)),
    ),
    /**
     * E[L_K] does not decrease with K (Burda et al. 2016, theorem 1): the mean
     * over repeats of L_2K is >= that of L_K, less 3 standard errors.
     */
    'mean IWAE_K does not decrease with K': fc.asyncProperty(seeds, fc.integer({ min: 1, max: Math.max(1, maxK >> 1) }), async (seed, k) => {
      const repeats = options.repeats ?? 24;
      const draws = async (kk: number, offset: number): Promise<number[]> => {
        const out: number[] = [];
        for (let r = 0; r < repeats; r++) out.push(mean([...(await perDatum(subject, { seed: seed + offset + r, k: kk }, iwaeBound))]));
        return out;
      };
      const small = await draws(k, 0);
      const large = await draws(2 * k, repeats);
      const diff = large.map((v, i) => v - small[i]);
      const m = mean(diff);
      const se = Math.sqrt(mean(diff.map((d) => (d - m) ** 2)) / repeats);
      return m >= -3 * se - tol;
    }),
  };
};

/**
 * Runs every bound law with fast-check; throws fast-check's report (with the
 * failing seed) on the first failure. Pass `seed` for a reproducible run: the
 * K-monotonicity law is statistical (3 standard errors over `repeats`, keep
 * repeats >= 24), so an unseeded run fails rarely but not never.
 */
export const assertBoundLaws = async (subject: LawSubject, options: LawOptions & { numRuns?: number; seed?: number } = {}): Promise<void> => {
  const laws: fc.IAsyncProperty<unknown>[] = Object.values(boundLaws(subject, options));
  for (const law of laws) await fc.assert(law, { numRuns: options.numRuns ?? 10, ...(options.seed === undefined ? {} : { seed: options.seed }) });
};
