/**
 * One planted fault of the mutation check: a one-line change found by a code
 * pattern (never a line number), so a refactor that removes the pattern makes
 * the fault "not applicable" in the report instead of silently dropping it.
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** A fault: replace the single occurrence of `find` in `file` with `replace`, then run `tests`. */
export interface Fault {
  readonly id: string;
  /** trainer, objectives, models, cli or data. */
  readonly area: string;
  readonly file: string;
  readonly find: string;
  readonly replace: string;
  /** What the fault does, in words. */
  readonly what: string;
  /** Test files that should fail with the fault planted. */
  readonly tests: readonly string[];
  /** True for the faults named in issue 22 (each must be killed). */
  readonly named?: boolean;
}

/** Why a fault cannot be planted: its pattern is missing or ambiguous. */
export const notApplicable = (fault: Fault, root: string): string | undefined => {
  let text: string;
  try {
    text = readFileSync(`${root}/${fault.file}`, 'utf8');
  } catch {
    return `${fault.file} does not exist`;
  }
  const count = text.split(fault.find).length - 1;
  return count === 1 ? undefined : count === 0 ? 'pattern not found' : `pattern found ${count} times`;
};

/**
 * Plants `fault` and returns the function that restores the file. Throws when
 * the pattern is not found exactly once (check `notApplicable` first).
 */
export const plant = (fault: Fault, root: string): (() => void) => {
  const path = `${root}/${fault.file}`;
  const original = readFileSync(path, 'utf8');
  const problem = notApplicable(fault, root);
  if (problem !== undefined) throw new Error(`${fault.id}: ${problem}`);
  writeFileSync(path, original.replace(fault.find, () => fault.replace));
  return () => writeFileSync(path, original);
};
