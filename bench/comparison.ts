/**
 * What the side-by-side comparison scripts against PyTorch
 * (bench/text-compare.ts, bench/dsl-compare.ts) share: one timed round of a
 * fresh strata bench model, and the command line (numeric options
 * `--NAME VALUE` for every key of the defaults, `--out FILE` to write the
 * note and table there too, temp file then rename).
 */
import { renameSync, writeFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import type { BenchModel } from './conv-net.js';
import { stepFlops } from './flops.js';
import { stepTimes } from './table.js';

/** A bench model that reports its parameter count. */
export type CountedBench = BenchModel & { readonly parameters: number };

/** One round: a fresh model from `make(11)`, `warmup` steps, one step counted for FLOPs, then `runs` timed steps (ms). */
export const strataRound = async (make: (seed: number) => CountedBench, warmup: number, runs: number):
  Promise<{ readonly ms: number[]; readonly flops: number; readonly parameters: number }> => {
  const bench = make(11);
  try {
    for (let i = 0; i < warmup; i++) await bench.step();
    const flops = (await stepFlops(bench.step, bench.keptRowShare)).total;
    return { ms: await stepTimes(bench.step, 0, runs), flops, parameters: bench.parameters };
  } finally {
    bench.dispose();
  }
};

/** A comparison's printable result. */
export interface ComparisonReport {
  readonly note: string;
  readonly table: string;
}

/**
 * Parses `argv` against `defaults`, runs `compare` with the command line `command ...argv`, prints and writes
 * the report. Throws with the reason when the comparison returns Left.
 */
export const runComparisonCli = async <O extends { readonly [K in keyof O]: number }>(
  command: string, defaults: O, compare: (options: O, commandLine: string) => Promise<E.Either<string, ComparisonReport>>,
  argv: readonly string[] = process.argv.slice(2),
): Promise<void> => {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const options = Object.fromEntries(Object.entries(defaults as Record<string, number>).map(([k, d]) => [k, Number(value(k) ?? d)])) as unknown as O;
  const result = await compare(options, `${command} ${argv.join(' ')}`.trim());
  if (E.isLeft(result)) throw new Error(`bench: ${result.left}`);
  const { note, table } = result.right;
  console.log(`\n${note}\n\n${table}`);
  const out = value('out');
  if (out !== undefined) {
    const tmp = `${out}.${process.pid}.tmp`;
    writeFileSync(tmp, `${note}\n\n${table}\n`);
    renameSync(tmp, out);
  }
};
