/** Markdown tables and step-time statistics for the benchmark report. */
import { performance } from 'node:perf_hooks';
import { median } from './timing.js';

/** A markdown table: a header row, a separator, one line per row. */
export const markdownTable = (headers: readonly string[], rows: readonly (readonly string[])[]): string =>
  [headers, headers.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');

/** Median, minimum and maximum of a non-empty list of milliseconds. */
export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

/** The statistics of a non-empty list. */
export const statsOf = (xs: readonly number[]): Stats => ({
  median: median(xs),
  min: Math.min(...xs),
  max: Math.max(...xs),
  n: xs.length,
});

/**
 * Wall milliseconds of each of `runs` calls of `step` after `warmup` calls.
 * The step resolves to a read-back loss, so the time covers the whole computation.
 */
export const stepTimes = async (step: () => Promise<number>, warmup: number, runs: number): Promise<number[]> => {
  for (let i = 0; i < warmup; i++) await step();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await step();
    times.push(performance.now() - t0);
  }
  return times;
};

/** A number with `digits` decimals. */
export const fixed = (x: number, digits = 1): string => x.toFixed(digits);
