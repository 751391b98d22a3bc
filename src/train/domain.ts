/**
 * The domain of one option (a CLI flag or a `fit` configuration field):
 * its kind and the values it accepts. The CLI parser and `checkConfig`
 * both check values with `checkValue`, so a flag and the field it sets
 * refuse the same values with the same words.
 */

/** The kind of value an option takes. */
export type OptionKind = 'string' | 'number' | 'int' | 'boolean' | 'ints';

/** One declared option: kind, help line, default shown in --help, and its domain. */
export interface OptionSpec {
  readonly kind: OptionKind;
  readonly help: string;
  /** The value an absent option takes (shown in --help; the parser leaves absent flags undefined). */
  readonly default?: string | number;
  /** The smallest value a number accepts. */
  readonly min?: number;
  /** True when `min` itself is refused (e.g. a learning rate > 0). */
  readonly exclusiveMin?: boolean;
  /** The largest value a number accepts. */
  readonly max?: number;
  /** True when `max` itself is refused (e.g. an EMA decay < 1). */
  readonly exclusiveMax?: boolean;
  /** The only values a string accepts. */
  readonly choices?: readonly string[];
  /** True when a string may not be empty. */
  readonly nonEmpty?: boolean;
}

const range = (s: OptionSpec): string => {
  const what = s.kind === 'int' ? 'an integer' : 'a number';
  const lo = s.min === undefined ? '' : `${s.exclusiveMin === true ? '>' : '>='} ${s.min}`;
  const hi = s.max === undefined ? '' : `${s.exclusiveMax === true ? '<' : '<='} ${s.max}`;
  return [what, [lo, hi].filter((x) => x !== '').join(' and ')].filter((x) => x !== '').join(' ');
};

/** The words of a domain, e.g. `an integer >= 0 and <= 4294967295`. */
export const describeDomain = (s: OptionSpec): string =>
  s.choices !== undefined ? `one of ${s.choices.join(', ')}` : s.kind === 'string' ? 'a non-empty string' : range(s);

/** Undefined when `value` lies in the domain of `spec`, else why not (without the option's name; `shown` is the value as typed). */
export const checkValue = (spec: OptionSpec, value: unknown, shown = String(value)): string | undefined => {
  if (spec.kind === 'string') {
    if (typeof value !== 'string') return `expected a string, got '${shown}'`;
    if (spec.choices !== undefined && !spec.choices.includes(value)) return `expected ${describeDomain(spec)}, got '${value}'`;
    if (spec.nonEmpty === true && value.trim() === '') return 'expected a non-empty string, got an empty one';
    return undefined;
  }
  if (spec.kind !== 'number' && spec.kind !== 'int') return undefined;
  const bad = `expected ${range(spec)}, got '${shown}'`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return bad;
  if (spec.kind === 'int' && !Number.isInteger(value)) return bad;
  if (spec.min !== undefined && (spec.exclusiveMin === true ? value <= spec.min : value < spec.min)) return bad;
  if (spec.max !== undefined && (spec.exclusiveMax === true ? value >= spec.max : value > spec.max)) return bad;
  return undefined;
};

/** The value of option `name`: the given one, else its spec's default, else undefined. */
export const optionValue = (specs: Readonly<Record<string, OptionSpec>>, values: Readonly<Record<string, unknown>>, name: string): unknown =>
  values[name] ?? specs[name]?.default;
