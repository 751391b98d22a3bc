/**
 * The support of each family: the values its log-density is defined on, as
 * each family's descriptor states it (its `describeSupport` and
 * `inSupport`). Data outside the support is never scored silently:
 * `checkSupport` (src/inference/support.ts) refuses it before a run, and the
 * densities give -inf for it (Normal: -inf for infinite values, NaN for NaN,
 * which the check refuses).
 */
import { table, type Distribution } from './families.js';

/** The support of a family in words, for error messages. */
export const describeSupport = (d: Distribution): string => table.describeSupport(d);

/** A predicate true for the values in the support of `d`. */
export const inSupport = (d: Distribution): ((v: number) => boolean) => table.inSupport(d);

/** Index of the first value of `values` outside the support of `d`, or -1; one pass, no allocation. */
export const firstOutsideSupport = (d: Distribution, values: ArrayLike<number>): number => {
  const ok = inSupport(d);
  for (let i = 0; i < values.length; i++) if (!ok(values[i])) return i;
  return -1;
};
