/**
 * The `prepare` step of the Node platform for the webgpu backend: installs
 * Dawn's navigator.gpu (webgpu-node.ts) and classifies its adapter
 * (webgpu.ts), so that choose-backend can report the adapter and skip a
 * software one under `auto`.
 */
import * as E from 'fp-ts/lib/Either.js';
import { classifyAdapter } from './webgpu.js';
import { installNodeWebgpu } from './webgpu-node.js';

/** What must be in place before a backend's package is imported (WebGPU: an adapter), or why it cannot be. */
export interface Prepared {
  /** Appended to the reason, e.g. `adapter: llvmpipe (...)`. */
  readonly note: string;
  /** A software or fallback adapter: `auto` skips it, a named request takes it. */
  readonly software: boolean;
}

/** Why a backend could not be prepared: `install` names the package to install when one is missing. */
export interface NotPrepared {
  readonly why: string;
  readonly install?: string;
}

/** The pinned version of the npm `webgpu` package (Dawn), for install hints. */
export const WEBGPU_PACKAGE = 'webgpu@0.6.2';

/**
 * The GPU device files of a Linux machine among the names in /dev and
 * /dev/dri (`readdir` lists a folder, [] when it is absent): NVIDIA's
 * nvidiaN, AMD's kfd, and DRM render nodes (renderD128...). Pure.
 */
export const linuxGpuDevices = (readdir: (dir: string) => readonly string[]): string[] => [
  ...readdir('/dev').filter((n) => /^nvidia\d+$/.test(n) || n === 'kfd').map((n) => `/dev/${n}`),
  ...readdir('/dev/dri').filter((n) => /^renderD\d+$/.test(n)).map((n) => `/dev/dri/${n}`),
];

/**
 * Why `auto` need not start Dawn at all on this machine: on Linux without a
 * GPU device file only software adapters can appear, and starting Dawn
 * prints Mesa's and Vulkan's warnings on every command. Undefined when a
 * device exists or the platform is not Linux (then the adapter decides).
 */
export const noGpuDevice = (platform: string, readdir: (dir: string) => readonly string[]): string | undefined =>
  platform === 'linux' && linuxGpuDevices(readdir).length === 0 ? 'no GPU device (/dev/nvidia*, /dev/kfd, /dev/dri/renderD*): only software adapters could appear' : undefined;

/** Finds and installs a Dawn adapter; Left with the reason (and the package to install when `webgpu` is missing). */
export const prepareNodeWebgpu = async (): Promise<E.Either<NotPrepared, Prepared>> => {
  try {
    const { info } = await installNodeWebgpu();
    const adapter = classifyAdapter(info);
    return E.right({ note: `adapter: ${adapter.label}${adapter.software ? `, ${adapter.why}: correctness only, never speed` : ', a GPU'}`, software: adapter.software });
  } catch (error) {
    const e = error as { code?: string; message?: string };
    const missing = (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') && String(e?.message).includes("'webgpu'");
    return E.left(missing ? { why: 'the webgpu package (Dawn) is not installed', install: WEBGPU_PACKAGE } : { why: String(e?.message ?? error) });
  }
};
