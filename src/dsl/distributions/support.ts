/**
 * The support of each family: the values its log-density is defined on.
 * Normal: finite reals. Bernoulli: {0, 1}. Categorical: integers
 * 0..classes-1, plus its `padId` (masked out of the log-density).
 * Discretized logistic: integers 0..255. Data outside the support is never
 * scored silently: `checkSupport` (src/inference/support.ts) refuses it
 * before a run, and the densities give -inf for it (Normal: -inf for
 * infinite values, NaN for NaN, which the check refuses).
 */
import type { Distribution } from './distribution.js';

/** The support of a family in words, for error messages. */
export const describeSupport = (d: Distribution): string => {
  switch (d.family) {
    case 'normal':
      return 'finite numbers';
    case 'bernoulli':
      return '0 or 1';
    case 'categorical':
      return `integers 0..${d.classes - 1}${d.padId === undefined ? '' : ` or the padding id ${d.padId}`}`;
    case 'discretizedLogistic':
      return 'integers 0..255';
  }
};

/** A predicate true for the values in the support of `d`. */
export const inSupport = (d: Distribution): ((v: number) => boolean) => {
  switch (d.family) {
    case 'normal':
      return Number.isFinite;
    case 'bernoulli':
      return (v) => v === 0 || v === 1;
    case 'categorical':
      return (v) => (Number.isInteger(v) && v >= 0 && v < d.classes) || v === d.padId;
    case 'discretizedLogistic':
      return (v) => Number.isInteger(v) && v >= 0 && v <= 255;
  }
};

/** Index of the first value of `values` outside the support of `d`, or -1; one pass, no allocation. */
export const firstOutsideSupport = (d: Distribution, values: ArrayLike<number>): number => {
  const ok = inSupport(d);
  for (let i = 0; i < values.length; i++) if (!ok(values[i])) return i;
  return -1;
};
