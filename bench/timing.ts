/**
 * Timing of training steps: warm-up runs, then the median wall time of
 * measured runs. Each step must read back a value (its loss) so that the
 * measured time includes the whole computation.
 */
import { performance } from 'node:perf_hooks';

/** Median of a non-empty list. */
export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** Median milliseconds of `step` over `runs` runs after `warmup` runs. */
export const medianStepMs = async (step: () => Promise<number>, warmup: number, runs: number): Promise<number> => {
  for (let i = 0; i < warmup; i++) await step();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const loss = await step();
    times.push(performance.now() - t0);
    if (!Number.isFinite(loss)) throw new Error(`bench: a step returned the loss ${loss}`);
  }
  return median(times);
};
