/**
 * Timing of training steps: warm-up runs, then the medians of the wall time
 * and of the process CPU time (user + system) of measured runs. Each step
 * must read back a value (its loss) so that the measured time includes the
 * whole computation. On a shared, oversubscribed machine the wall time
 * includes waiting for a core; the process CPU time of a single-threaded
 * backend is close to what an idle machine's wall time would be.
 */
import { performance } from 'node:perf_hooks';

/** Median of a non-empty list. */
export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** Median wall and process CPU milliseconds of a step. */
export interface StepTimes {
  readonly wallMs: number;
  readonly processMs: number;
}

/** Median wall and process CPU milliseconds of `step` over `runs` runs after `warmup` runs. */
export const medianStepTimes = async (step: () => Promise<number>, warmup: number, runs: number): Promise<StepTimes> => {
  for (let i = 0; i < warmup; i++) await step();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const loss = await step();
    const c = process.cpuUsage(c0);
    wall.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
    if (!Number.isFinite(loss)) throw new Error(`bench: a step returned the loss ${loss}`);
  }
  return { wallMs: median(wall), processMs: median(cpu) };
};

/** Median wall milliseconds of `step` over `runs` runs after `warmup` runs. */
export const medianStepMs = async (step: () => Promise<number>, warmup: number, runs: number): Promise<number> =>
  (await medianStepTimes(step, warmup, runs)).wallMs;
