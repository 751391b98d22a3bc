/**
 * Strict flag parsing: `--name value`, `--name=value` and boolean
 * `--name`; every flag must be declared, every value must parse and lie in
 * its flag's declared domain (src/train/domain.ts), and a value must follow
 * a non-boolean flag. Errors are values naming the flag.
 */
import * as E from 'fp-ts/lib/Either.js';
import { checkValue, describeDomain, type OptionKind, type OptionSpec } from '../train/domain.js';

/** The kind of value a flag takes. */
export type FlagKind = OptionKind;

/** One declared flag: its kind, help and domain (min, max, choices, non-empty), checked by the parser. */
export type FlagSpec = OptionSpec;

/** A parsed flag value. */
export type FlagValue = string | number | boolean | readonly number[];

/** Parsed command-line: flag values by name, and positional arguments. */
export interface ParsedArgs {
  readonly flags: Readonly<Record<string, FlagValue>>;
  readonly positional: readonly string[];
}

const parseValue = (name: string, spec: FlagSpec, raw: string): E.Either<string, FlagValue> => {
  const { kind } = spec;
  if (kind === 'ints') {
    const parts = raw.split(',').map((p) => p.trim());
    return parts.every((p) => /^-?\d+$/.test(p)) ? E.right(parts.map(Number)) : E.left(`--${name}: expected comma-separated integers, got '${raw}'`);
  }
  if (kind === 'string') {
    const problem = checkValue(spec, raw);
    return problem === undefined ? E.right(raw) : E.left(`--${name}: ${problem}`);
  }
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) return E.left(`--${name}: expected a number, got '${raw}'`);
  if (kind === 'int' && !Number.isInteger(n)) return E.left(`--${name}: expected an integer, got '${raw}'`);
  const problem = checkValue(spec, n, raw);
  return problem === undefined ? E.right(n) : E.left(`--${name}: ${problem}`);
};

/** Parses `argv` against the declared flags; `--help` is always accepted. */
export const parseFlags = (argv: readonly string[], specs: Readonly<Record<string, FlagSpec>>): E.Either<string, ParsedArgs> => {
  const flags: Record<string, FlagValue> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    if (name === 'help') {
      flags.help = true;
      continue;
    }
    const spec = specs[name];
    if (spec === undefined) return E.left(`unknown flag --${name}; known flags: ${Object.keys(specs).map((k) => `--${k}`).join(', ')}`);
    if (spec.kind === 'boolean') {
      if (eq >= 0) return E.left(`--${name} takes no value`);
      flags[name] = true;
      continue;
    }
    const raw = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (raw === undefined) return E.left(`--${name}: missing value`);
    const value = parseValue(name, spec, raw);
    if (E.isLeft(value)) return value;
    flags[name] = value.right;
  }
  return E.right({ flags, positional });
};

/** The help lines of a set of flags: name, kind, help, domain (when it has bounds or choices) and default. */
export const flagHelp = (specs: Readonly<Record<string, FlagSpec>>): string[] =>
  Object.entries(specs).map(([name, s]) => {
    const left = `  --${name}${s.kind === 'boolean' ? '' : ` <${s.kind}>`}`;
    const bounded = s.min !== undefined || s.max !== undefined || s.choices !== undefined;
    const notes = [bounded ? describeDomain(s) : '', s.default === undefined ? '' : `default ${s.default}`].filter((n) => n !== '');
    return `${left.padEnd(26)} ${s.help}${notes.length === 0 ? '' : ` (${notes.join('; ')})`}`;
  });
