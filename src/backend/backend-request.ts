/**
 * Which backend the user asked for: the `--backend` flag wins over the
 * STRATA_BACKEND environment variable, which wins over `auto`. Parsing is
 * pure and returns an error naming the source and the valid names.
 */
import * as E from 'fp-ts/lib/Either.js';

/** Every name a user may ask for. */
export const backendNames = ['auto', 'node-gpu', 'webgpu', 'node', 'native', 'wasm', 'cpu'] as const;

/** A backend name a user may ask for. */
export type BackendName = (typeof backendNames)[number];

/** A concrete backend (everything but `auto`), in the order `auto` tries them. */
export type ConcreteBackend = Exclude<BackendName, 'auto'>;

/** The order in which `auto` tries the concrete backends (webgpu only on a real GPU: see choose-backend.ts). */
export const autoOrder: readonly ConcreteBackend[] = ['node-gpu', 'webgpu', 'node', 'native', 'wasm', 'cpu'];

/** A parsed request and where it came from, e.g. `--backend` or `STRATA_BACKEND`. */
export interface BackendRequest {
  readonly name: BackendName;
  readonly source: string;
}

const isBackendName = (value: string): value is BackendName => (backendNames as readonly string[]).includes(value);

/** Parses `value` given by `source` (a flag or variable name) into a backend name. */
export const parseBackendName = (value: string, source: string): E.Either<string, BackendName> =>
  isBackendName(value)
    ? E.right(value)
    : E.left(`${source}=${JSON.stringify(value)} is not a backend; valid names: ${backendNames.join(', ')}`);

/**
 * The request from the `--backend` flag value and the STRATA_BACKEND value
 * (either may be undefined or empty): flag first, then environment, then auto.
 */
export const backendRequest = (flag: string | undefined, env: string | undefined): E.Either<string, BackendRequest> => {
  if (flag !== undefined && flag !== '') {
    return E.map((name: BackendName) => ({ name, source: '--backend' }))(parseBackendName(flag, '--backend'));
  }
  if (env !== undefined && env !== '') {
    return E.map((name: BackendName) => ({ name, source: 'STRATA_BACKEND' }))(parseBackendName(env, 'STRATA_BACKEND'));
  }
  return E.right({ name: 'auto', source: 'default' });
};
