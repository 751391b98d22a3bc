/**
 * What every command is: a name, a one-line summary, its usage, its flags
 * and a run function over parsed arguments and an injected console. Errors
 * the user can fix are values carrying the exit code: 2 for usage (bad
 * flags, unknown model or data set), 1 for a failed run (missing run
 * folder, corrupt checkpoint, divergence), 130 for a run stopped by Ctrl-C
 * (after saving its checkpoint).
 */
import type { FlagSpec, FlagValue, ParsedArgs } from './flags.js';

/** The effects a command may use: output, error output, environment, TTY detection. */
export interface CliIO {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where the progress display goes (stderr in the real program). */
  readonly progressStream?: NodeJS.WriteStream;
}

/** An error that ends the command with one line on stderr and `code`. */
export interface CliError {
  readonly code: 1 | 2 | 130;
  readonly message: string;
}

/** A usage error (exit code 2). */
export const usageError = (message: string): CliError => ({ code: 2, message });

/** A run error (exit code 1). */
export const runError = (message: string): CliError => ({ code: 1, message });

/** An interrupted run (exit code 130, as for a process ended by SIGINT). */
export const interruptedError = (message: string): CliError => ({ code: 130, message });

/** One sub-command of `strata`. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly flags: Readonly<Record<string, FlagSpec>>;
  /** Runs the command; resolves to a CliError to fail, or undefined on success. */
  readonly run: (args: ParsedArgs, io: CliIO) => Promise<CliError | undefined>;
}

/** The value of a string flag, or `fallback`. */
export const stringFlag = (args: ParsedArgs, name: string, fallback: string): string => {
  const v: FlagValue | undefined = args.flags[name];
  return typeof v === 'string' ? v : fallback;
};

/** The value of a string flag, or undefined. */
export const optionalString = (args: ParsedArgs, name: string): string | undefined => {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
};

/** The value of a numeric flag, or `fallback`. */
export const numberFlag = (args: ParsedArgs, name: string, fallback: number): number => {
  const v = args.flags[name];
  return typeof v === 'number' ? v : fallback;
};

/** The value of an integer-list flag, or `fallback`. */
export const intsFlag = (args: ParsedArgs, name: string, fallback: readonly number[]): readonly number[] => {
  const v = args.flags[name];
  return Array.isArray(v) ? (v as readonly number[]) : fallback;
};

/** True when a boolean flag was given. */
export const boolFlag = (args: ParsedArgs, name: string): boolean => args.flags[name] === true;
