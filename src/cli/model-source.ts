/**
 * Where a command's model comes from: a zoo name (`--model biva` with a
 * preset and the data set's shape), a user module (`--model ./my-model.js`
 * exporting a spec, a builder, or a function of the data shape; importing
 * it executes its code), or a JSON
 * spec (`--spec ./my-model.json`), decoded and validated with every error
 * shown on one line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { decodeSpec } from '../dsl/codec.js';
import type { Model } from '../dsl/model.js';
import type { ModelSpec } from '../dsl/spec.js';
import { validate } from '../dsl/validate.js';
import { buildZooModel, type DataShape } from '../models/index.js';
import { usageError, type CliError } from './command.js';
import type { FlagSpec } from './flags.js';

/** A validated model and the name it goes by. */
export interface ModelChoice {
  readonly name: string;
  readonly model: Model;
}

const isPath = (s: string): boolean => s.startsWith('.') || s.startsWith('/') || /\.(m?[jt]s)$/.test(s);

/** Validates a spec; the errors become one usage line naming `source`. */
export const validated = (spec: ModelSpec, name: string, source: string): E.Either<CliError, ModelChoice> => {
  const m = validate(spec);
  return E.isLeft(m)
    ? E.left(usageError(`${source}: invalid model: ${m.left.map((e) => `${e.node}: ${e.message}`).join('; ')}`))
    : E.right({ name, model: m.right });
};

/** The first line of an error's message, at most 200 characters: a module's failure is reported on one line. */
const oneLine = (error: unknown): string => {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n').find((l) => l.trim().length > 0)?.trim() ?? (error instanceof Error ? error.name : 'failed');
  return line.length > 200 ? `${line.slice(0, 200)}...` : line;
};

/**
 * Imports a user module (this executes its code) and reads its spec: the
 * `spec` export or the default, a ModelSpec, a builder (its `.spec`), or a
 * function of the data shape returning either, possibly async. The value
 * goes through `decodeSpec`, the decoder of JSON specs, as JSON data. Any
 * failure (missing file, import or builder throws or rejects, malformed
 * spec) is one usage line naming the module; nothing escapes as a throw.
 */
const fromModule = async (path: string, data: DataShape): Promise<E.Either<CliError, ModelSpec>> => {
  const fail = (detail: string) => E.left(usageError(`--model ${path}: ${detail}`));
  const full = resolve(path);
  if (!existsSync(full)) return fail('no such file');
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(full).href)) as Record<string, unknown>;
  } catch (error) {
    return fail(`cannot load the module: ${oneLine(error)}`);
  }
  const exported = mod.spec ?? mod.default;
  let value: unknown;
  try {
    value = await (typeof exported === 'function' ? (exported as (d: DataShape) => unknown)(data) : exported);
    value = await ((value as { spec?: unknown } | null | undefined)?.spec ?? value);
  } catch (error) {
    return fail(`its model builder failed: ${oneLine(error)}`);
  }
  if (typeof value !== 'object' || value === null) {
    return fail("must export 'spec' or a default: a ModelSpec, a model builder, or a function of the data shape returning one");
  }
  let json: unknown;
  try {
    json = JSON.parse(JSON.stringify(value));
  } catch (error) {
    return fail(`its spec is not plain data: ${oneLine(error)}`);
  }
  const decoded = decodeSpec(json);
  return E.isLeft(decoded) ? fail(`malformed spec: ${decoded.left.join('; ')}`) : E.right(decoded.right);
};

const fromJson = (path: string): E.Either<CliError, ModelSpec> => {
  if (!existsSync(path)) return E.left(usageError(`--spec: ${path}: no such file`));
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return E.left(usageError(`--spec: ${path}: not JSON: ${(error as Error).message}`));
  }
  const decoded = decodeSpec(json);
  return E.isLeft(decoded) ? E.left(usageError(`--spec: ${path}: ${decoded.left.join('; ')}`)) : E.right(decoded.right);
};

/** The model of `--spec` (first) or `--model` (a path or a zoo name with `preset`) for data of shape `data`. */
export const chooseModel = async (
  options: { readonly model: string; readonly spec?: string; readonly preset: string },
  data: DataShape,
): Promise<E.Either<CliError, ModelChoice>> => {
  if (options.spec !== undefined) {
    const spec = fromJson(options.spec);
    return E.isLeft(spec) ? spec : validated(spec.right, options.spec, `--spec ${options.spec}`);
  }
  if (isPath(options.model)) {
    const spec = await fromModule(options.model, data);
    return E.isLeft(spec) ? spec : validated(spec.right, options.model, `--model ${options.model}`);
  }
  const spec = buildZooModel(options.model, options.preset, data);
  if (E.isLeft(spec)) return E.left(usageError(`--model: ${spec.left}`));
  return validated(spec.right, options.model, `--model ${options.model}`);
};

/** The flags that choose a model and the data its shapes are built for (describe, train). */
export const modelFlags: Record<string, FlagSpec> = {
  model: { kind: 'string', help: 'zoo model name, or ./module.js exporting a spec (this executes the module\'s code: only use modules you trust)', default: 'biva' },
  spec: { kind: 'string', help: 'JSON model spec file (instead of --model)' },
  preset: { kind: 'string', help: 'zoo preset: tiny, small, medium, paper', default: 'tiny' },
  data: { kind: 'string', help: 'data set (strata datasets)', default: 'mnist-dyn' },
};
