import * as E from 'fp-ts/lib/Either.js';
import { parameterCounts, validate, type ModelSpec } from '../dsl/index.js';

/** The number of parameters of `spec`; throws with the validation messages when it does not validate. */
export const parameterCount = (spec: ModelSpec): number => {
  const m = validate(spec);
  if (E.isLeft(m)) throw new Error(m.left.map((e) => `${e.node}: ${e.message}`).join('; '));
  return parameterCounts(m.right).total;
};

/**
 * The width w in 1..max whose spec `build(w)` has the parameter count
 * closest to `target`, by bisection (the count must grow with w): how the
 * text baselines match BIVA+LSTM's parameter budget at each preset and
 * vocabulary.
 */
export const widthForBudget = (build: (width: number) => ModelSpec, target: number, max = 8192): number => {
  let lo = 1;
  let hi = max;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (parameterCount(build(mid)) < target) lo = mid + 1;
    else hi = mid;
  }
  const below = Math.max(1, lo - 1);
  return Math.abs(parameterCount(build(below)) - target) < Math.abs(parameterCount(build(lo)) - target) ? below : lo;
};
