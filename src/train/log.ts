/**
 * Where training records go: one JSON line per interval appended to
 * `<run>/log.jsonl`, and a progress display on the terminal (a cli-progress
 * bar on a TTY, one plain line per record otherwise).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import cliProgress from 'cli-progress';
import type { LogRecord } from './record.js';

/** Appends `record` as one JSON line to `path` (folders created as needed). */
export const appendRecord = (path: string, record: LogRecord): void => {
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, `${JSON.stringify(record)}\n`);
};

/**
 * The records of a log file, in step order, the last record of a step
 * winning (a resumed run may repeat steps after its checkpoint). Lines that
 * do not parse (a line cut by a killed process) are skipped.
 */
export const readRecords = (path: string): LogRecord[] => {
  if (!existsSync(path)) return [];
  const byStep = new Map<number, LogRecord>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const r = JSON.parse(line) as LogRecord;
      if (typeof r.step === 'number') byStep.set(r.step, r);
    } catch {
      continue;
    }
  }
  return [...byStep.values()].sort((a, b) => a.step - b.step);
};

/** What a run's examples are called in throughput figures: images, or sentences for text. */
export type ExampleUnit = 'images' | 'sentences';

/** The unit of a data set's examples, by its kind. */
export const exampleUnit = (kind: 'image' | 'text'): ExampleUnit => (kind === 'text' ? 'sentences' : 'images');

/** One human line of a record: step, -ELBO (nats and bits/dim), KL total, throughput in `unit` per second (the record's imagesPerSec counts examples). */
export const formatRecord = (r: LogRecord, unit: ExampleUnit = 'images'): string => {
  const kl = Object.values(r.kl).reduce((a, b) => a + b, 0);
  const bpd = r.bitsPerDim === undefined ? '' : ` (${r.bitsPerDim.toFixed(4)} bits/dim)`;
  const skipped = r.skippedTotal > 0 ? `, ${r.skippedTotal} skipped` : '';
  return `step ${r.step}: loss ${r.loss.toFixed(3)}, -elbo ${r.nats.toFixed(3)} nats${bpd}, kl ${kl.toFixed(3)}, ${r.imagesPerSec.toFixed(1)} ${unit}/s${skipped}`;
};

/** A progress display of a run of `total` steps. */
export interface Progress {
  readonly update: (step: number, record?: LogRecord) => void;
  readonly stop: () => void;
}

/** A cli-progress bar when `stream` is a TTY, plain lines (one per record) otherwise; throughput in `unit` per second. */
export const progress = (total: number, start: number, stream: NodeJS.WriteStream = process.stderr, unit: ExampleUnit = 'images'): Progress => {
  if (stream.isTTY !== true) {
    return { update: (_step, record) => record !== undefined && void stream.write(`${formatRecord(record, unit)}\n`), stop: () => undefined };
  }
  const bar = new cliProgress.SingleBar(
    { format: `train [{bar}] {value}/{total} | -elbo {nats} nats | {speed} ${unit}/s`, stream, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, start, { nats: '-', speed: '-' });
  return {
    update: (step, record) =>
      bar.update(step, record === undefined ? {} : { nats: record.nats.toFixed(2), speed: record.imagesPerSec.toFixed(0) }),
    stop: () => bar.stop(),
  };
};
