/**
 * Choosing and activating the tfjs backend.
 *
 * `auto` tries @tensorflow/tfjs-node-gpu, then webgpu (only when its adapter
 * is a real GPU, not a fallback or software one), then @tensorflow/tfjs-node, then
 * native (wasm plus strata's OpenBLAS kernels, when the addon is built), then
 * wasm, then cpu, and takes the first that loads and initialises. A named
 * backend that cannot be loaded is an error naming what to install or build,
 * never a silent fallback. Choosing wasm or native also installs strata's
 * wasm training kernels. The choice and its reason (with the WebGPU adapter
 * found, and why it was taken or skipped) are reported exactly once.
 */
import { readdirSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { autoOrder, backendRequest, type BackendRequest, type ConcreteBackend } from './backend-request.js';
import { registerDilatedConvGradients } from './dilated-conv-gradients.js';
import { registerWasmTrainingKernels } from './kernels/register-wasm-training-kernels.js';
import { registerCpuKernels } from './kernels/register-cpu-kernels.js';
import { releaseNodeWebgpu } from './webgpu-node.js';
export type { NotPrepared, Prepared } from './webgpu-prepare.js';
import { noGpuDevice, prepareNodeWebgpu, type NotPrepared, type Prepared } from './webgpu-prepare.js';

/** The package providing each concrete backend and the name tfjs registers it under. */
export const backendPackages: Readonly<Record<ConcreteBackend, { readonly pkg: string; readonly tfjsName: string }>> = {
  'node-gpu': { pkg: '@tensorflow/tfjs-node-gpu', tfjsName: 'tensorflow' },
  node: { pkg: '@tensorflow/tfjs-node', tfjsName: 'tensorflow' },
  native: { pkg: '@tensorflow/tfjs-backend-wasm', tfjsName: 'wasm' },
  wasm: { pkg: '@tensorflow/tfjs-backend-wasm', tfjsName: 'wasm' },
  cpu: { pkg: '@tensorflow/tfjs-backend-cpu', tfjsName: 'cpu' },
  webgpu: { pkg: '@tensorflow/tfjs-backend-webgpu', tfjsName: 'webgpu' },
};

/** The effects choosing needs; injected so that tests can stand in for missing packages. */
export interface BackendPlatform {
  /** Imports a package by name (rejects when it is absent or fails to load). */
  readonly importPackage: (pkg: string) => Promise<unknown>;
  /** tf.setBackend: resolves to false when the backend fails to initialise. */
  readonly setBackend: (tfjsName: string) => Promise<boolean>;
  /**
   * Runs after a backend is active: installs gradients and kernels. Left with
   * the reason when the backend cannot be completed (native: addon not built).
   */
  readonly afterActivate: (name: ConcreteBackend) => Promise<E.Either<string, void>>;
  /** Runs before the package is imported (webgpu: finds an adapter and installs navigator.gpu); absent means nothing to do. */
  readonly prepare?: (name: ConcreteBackend, auto: boolean) => Promise<E.Either<NotPrepared, Prepared>>;
  /** Undoes `prepare` when `auto` skips the backend (webgpu: releases navigator.gpu so that Node can exit). */
  readonly release?: (name: ConcreteBackend) => Promise<void>;
}

/** The backend in use and why it was chosen. */
export interface BackendChoice {
  readonly name: ConcreteBackend;
  readonly tfjsName: string;
  readonly reason: string;
}

/** Why one backend could not be used. */
interface Refusal {
  readonly missing: boolean;
  readonly why: string;
  readonly install?: string;
}

const isMissingModule = (error: unknown, pkg: string): boolean => {
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(pkg);
};

const activate = async (name: ConcreteBackend, platform: BackendPlatform, auto: boolean): Promise<E.Either<Refusal, { tfjsName: string; note: string }>> => {
  const { pkg, tfjsName } = backendPackages[name];
  const prepared = platform.prepare === undefined ? E.right({ note: '', software: false }) : await platform.prepare(name, auto);
  if (E.isLeft(prepared)) return E.left({ missing: prepared.left.install !== undefined, why: prepared.left.why, install: prepared.left.install });
  const { note, software } = prepared.right;
  if (auto && software) {
    await platform.release?.(name);
    return E.left({ missing: false, why: `${note}: not a real GPU` });
  }
  try {
    await platform.importPackage(pkg);
  } catch (error) {
    return isMissingModule(error, pkg)
      ? E.left({ missing: true, why: `${pkg} is not installed` })
      : E.left({ missing: false, why: `${pkg} failed to load: ${String((error as Error)?.message ?? error)}` });
  }
  const ok = await platform.setBackend(tfjsName).catch(() => false);
  if (!ok) return E.left({ missing: false, why: `${pkg} loaded but the '${tfjsName}' backend failed to initialise` });
  const completed = await platform.afterActivate(name);
  return E.isLeft(completed) ? E.left({ missing: false, why: completed.left }) : E.right({ tfjsName, note });
};

/** The names in `dir`, [] when it cannot be read. */
const listDir = (dir: string): string[] => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

const withNote = (reason: string, note: string): string => (note === '' ? reason : `${reason}; ${note}`);

const chooseNamed = async (
  name: ConcreteBackend,
  source: string,
  platform: BackendPlatform,
): Promise<E.Either<string, BackendChoice>> => {
  const result = await activate(name, platform, false);
  if (E.isRight(result)) return E.right({ name, tfjsName: result.right.tfjsName, reason: withNote(`asked for by ${source}`, result.right.note) });
  const { pkg } = backendPackages[name];
  const install = result.left.install ?? `${pkg}@4.22.0`;
  return E.left(
    result.left.missing
      ? `backend '${name}' (from ${source}) needs ${install.replace(/@[^@]*$/, '')}, which is not installed: run npm install --save-exact ${install}`
      : `backend '${name}' (from ${source}) is unusable: ${result.left.why}`,
  );
};

const chooseAuto = async (platform: BackendPlatform): Promise<E.Either<string, BackendChoice>> => {
  const skipped: string[] = [];
  for (const name of autoOrder) {
    const result = await activate(name, platform, true);
    if (E.isRight(result)) {
      const reason = skipped.length === 0 ? 'auto: first choice' : `auto: ${skipped.join('; ')}`;
      return E.right({ name, tfjsName: result.right.tfjsName, reason: withNote(reason, result.right.note) });
    }
    skipped.push(`${name} skipped (${result.left.why})`);
  }
  return E.left(`no tfjs backend could be started: ${skipped.join('; ')}`);
};

/** One line saying which backend is in use and why. */
export const describeChoice = (choice: BackendChoice): string => `backend: ${choice.name} (${choice.reason})`;

/**
 * Activates the backend `request` asks for and reports the choice once
 * through `report`; the error, if any, is returned, not reported.
 */
export const chooseBackend = async (
  request: BackendRequest,
  platform: BackendPlatform,
  report: (line: string) => void,
): Promise<E.Either<string, BackendChoice>> => {
  const choice = request.name === 'auto' ? await chooseAuto(platform) : await chooseNamed(request.name, request.source, platform);
  if (E.isRight(choice)) report(describeChoice(choice.right));
  return choice;
};

/** The real platform: dynamic imports, tf.setBackend, dilated-conv gradients, strata's cpu kernels, wasm training kernels, native kernels, Dawn's navigator.gpu for webgpu. */
export const nodePlatform = async (): Promise<BackendPlatform> => {
  const tf = await import('@tensorflow/tfjs');
  return {
    importPackage: (pkg) => import(pkg),
    setBackend: (tfjsName) => tf.setBackend(tfjsName),
    afterActivate: async (name) => {
      registerDilatedConvGradients();
      registerCpuKernels();
      if (name === 'wasm' || name === 'native') registerWasmTrainingKernels();
      if (name !== 'native') return E.right(undefined);
      const { registerNativeKernels } = await import('./native/register.js');
      return E.map(() => undefined)(registerNativeKernels());
    },
    prepare: async (name, auto) => {
      if (name !== 'webgpu') return E.right({ note: '', software: false });
      const none = auto ? noGpuDevice(process.platform, listDir) : undefined;
      return none === undefined ? prepareNodeWebgpu() : E.left({ why: none });
    },
    release: async (name) => (name === 'webgpu' ? releaseNodeWebgpu() : undefined),
  };
};

/**
 * The whole choice as a program's entry point makes it: the `--backend`
 * flag value, then `env.STRATA_BACKEND`, then auto; reported once.
 */
export const startBackend = async (
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  report: (line: string) => void,
): Promise<E.Either<string, BackendChoice>> => {
  const request = backendRequest(flag, env.STRATA_BACKEND);
  return E.isLeft(request) ? request : chooseBackend(request.right, await nodePlatform(), report);
};
