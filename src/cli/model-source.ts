/**
 * Where a command's model comes from: a zoo name (`--model biva` with a
 * preset and the data set's shape), a user module (`--model ./my-model.js`
 * exporting a spec, a builder, or a function of the data shape), or a JSON
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

const fromModule = async (path: string, data: DataShape): Promise<E.Either<CliError, ModelSpec>> => {
  const full = resolve(path);
  if (!existsSync(full)) return E.left(usageError(`--model: ${path}: no such file`));
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(full).href)) as Record<string, unknown>;
  } catch (error) {
    return E.left(usageError(`--model: ${path}: cannot load: ${(error as Error).message.split('\n')[0]}`));
  }
  const exported = mod.spec ?? mod.default;
  const value = typeof exported === 'function' ? (exported as (d: DataShape) => unknown)(data) : exported;
  const spec = (value as { spec?: unknown } | undefined)?.spec ?? value;
  if (typeof spec !== 'object' || spec === null || !Array.isArray((spec as ModelSpec).nodes)) {
    return E.left(usageError(`--model: ${path} must export 'spec' or a default: a ModelSpec, a model builder, or a function of the data shape returning one`));
  }
  return E.right(spec as ModelSpec);
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
  model: { kind: 'string', help: 'zoo model name or ./module.js exporting a spec', default: 'biva' },
  spec: { kind: 'string', help: 'JSON model spec file (instead of --model)' },
  preset: { kind: 'string', help: 'zoo preset: tiny, small, medium, paper', default: 'tiny' },
  data: { kind: 'string', help: 'data set (strata datasets)', default: 'mnist-dyn' },
};
