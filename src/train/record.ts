/**
 * The log record of one interval: means over the interval's applied steps
 * of the loss, the ELBO and each node's KL, in nats per datum and (given the
 * data dimension) bits per dimension, with the throughput.
 */
import type { StepStats } from './step.js';
import { bitsPerDim } from '../inference/metrics.js';

/** One line of runs/NAME/log.jsonl. */
export interface LogRecord {
  readonly step: number;
  readonly loss: number;
  readonly elbo: number;
  /** -ELBO in nats per datum. */
  readonly nats: number;
  readonly bitsPerDim?: number;
  readonly kl: Readonly<Record<string, number>>;
  readonly gradNorm: number;
  readonly lr: number;
  /** Skipped (non-finite) steps in this interval, and since the start of the run. */
  readonly skipped: number;
  readonly skippedTotal: number;
  readonly imagesPerSec: number;
  readonly backend?: string;
  readonly time: string;
  /** Models with a label node: error of argmax q(y | x) on held-out labelled examples, and labelled rows trained on so far. */
  /** Every `evalEvery` steps: the ELBO L_1 of the EMA weights on a fixed validation subset (validation.ts). */
  readonly validation?: { readonly split: string; readonly examples: number; readonly elbo: number; readonly nats: number };
  readonly classification?: { readonly split: string; readonly examples: number; readonly error: number; readonly labelledSeen: number };
}

/** What the record needs besides the steps. */
export interface RecordContext {
  readonly lr: number;
  readonly skippedTotal: number;
  readonly images: number;
  readonly seconds: number;
  readonly dimension?: number;
  readonly backend?: string;
  readonly time: string;
}

const mean = (xs: readonly number[]): number => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Summarizes the steps of one interval (the last step names the record). */
export const intervalRecord = (steps: readonly StepStats[], ctx: RecordContext): LogRecord => {
  const applied = steps.filter((s) => !s.skipped);
  const elbo = mean(applied.map((s) => s.elbo));
  const names = Object.keys(applied[0]?.kl ?? {});
  return {
    step: steps[steps.length - 1]?.step ?? 0,
    loss: mean(applied.map((s) => s.loss)),
    elbo,
    nats: -elbo,
    ...(ctx.dimension === undefined ? {} : { bitsPerDim: bitsPerDim(elbo, ctx.dimension) }),
    kl: Object.fromEntries(names.map((n) => [n, mean(applied.map((s) => s.kl[n]))])),
    gradNorm: mean(applied.map((s) => s.gradNorm)),
    lr: ctx.lr,
    skipped: steps.length - applied.length,
    skippedTotal: ctx.skippedTotal,
    imagesPerSec: ctx.seconds > 0 ? ctx.images / ctx.seconds : 0,
    ...(ctx.backend === undefined ? {} : { backend: ctx.backend }),
    time: ctx.time,
  };
};
