/**
 * WebGPU in Node: the npm `webgpu` package (Dawn's Node bindings, an
 * optional dependency) installed as `navigator.gpu`, so that
 * @tensorflow/tfjs-backend-webgpu registers itself when imported.
 *
 * Dawn is asked for an adapter with its default backends, then in
 * compatibility mode, then through OpenGL ES (Mesa llvmpipe needs
 * `EGL_PLATFORM=surfaceless`, set here when unset, and compatibility mode);
 * tfjs's own requestAdapter call gets the options that worked. Node does not
 * exit while `navigator.gpu` is referenced: {@link releaseNodeWebgpu} (also
 * run on `beforeExit`) removes the backend and the reference.
 */
import type { AdapterInfoLike } from './webgpu.js';

/** The adapter Dawn found, and the Dawn flags and request options that found it. */
export interface NodeWebgpu {
  readonly info: AdapterInfoLike;
  readonly flags: readonly string[];
  readonly options: Readonly<Record<string, unknown>>;
}

interface GpuLike {
  requestAdapter: (options?: Record<string, unknown>) => Promise<{ info?: AdapterInfoLike; isFallbackAdapter?: boolean } | null>;
}

/** Dawn flag sets tried in order: default backends, then OpenGL ES (llvmpipe). */
export const dawnFlagSets: readonly (readonly string[])[] = [[], ['backend=opengles']];

/** Request options tried in order with each flag set. */
export const adapterOptionSets: readonly Readonly<Record<string, unknown>>[] = [{}, { featureLevel: 'compatibility' }];

let installed: NodeWebgpu | undefined;

const infoOf = (adapter: { info?: AdapterInfoLike; isFallbackAdapter?: boolean }): AdapterInfoLike => {
  const i = adapter.info ?? {};
  return { vendor: i.vendor, architecture: i.architecture, device: i.device, description: i.description, isFallbackAdapter: i.isFallbackAdapter ?? adapter.isFallbackAdapter };
};

/**
 * Installs `navigator.gpu` from the `webgpu` package with the first flag
 * set and options that give an adapter; resolves with the adapter, or
 * rejects with one line saying why none was found (the package's import
 * error, when it is missing, is passed through). Idempotent.
 */
export const installNodeWebgpu = async (env: NodeJS.ProcessEnv = process.env): Promise<NodeWebgpu> => {
  if (installed !== undefined) return installed;
  env.EGL_PLATFORM ??= 'surfaceless';
  const { create, globals } = (await import('webgpu')) as unknown as { create: (flags: string[]) => GpuLike; globals: object };
  Object.assign(globalThis, globals);
  for (const flags of dawnFlagSets) {
    const gpu = create([...flags]);
    for (const options of adapterOptionSets) {
      const adapter = await gpu.requestAdapter({ ...options });
      if (adapter === null) continue;
      const request = gpu.requestAdapter.bind(gpu);
      gpu.requestAdapter = (o) => request({ ...(o ?? {}), ...options });
      const g = globalThis as { navigator?: { gpu?: unknown } };
      if (g.navigator === undefined) Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
      (globalThis as unknown as { navigator: { gpu?: unknown } }).navigator.gpu = gpu;
      installed = { info: infoOf(adapter), flags, options };
      process.once('beforeExit', () => void releaseNodeWebgpu());
      return installed;
    }
  }
  throw new Error('Dawn found no WebGPU adapter (tried its default backends and OpenGL ES; install a Vulkan driver, or Mesa EGL with EGL_PLATFORM=surfaceless)');
};

/** Removes tfjs's webgpu backend (if registered) and `navigator.gpu`, so that Node can exit. Safe to call twice. */
export const releaseNodeWebgpu = async (): Promise<void> => {
  if (installed === undefined) return;
  installed = undefined;
  const tf = await import('@tensorflow/tfjs');
  if (tf.engine().registryFactory.webgpu !== undefined) tf.removeBackend('webgpu');
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  if (nav !== undefined) delete nav.gpu;
};
