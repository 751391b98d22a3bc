/**
 * webgpu.ts (adapter classification) and the webgpu branch of
 * choose-backend.ts with a stand-in platform: auto takes WebGPU only on a
 * real GPU and says which adapter it found and why it skipped or took it.
 */
import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { chooseBackend, type BackendPlatform, type Prepared } from '../../src/backend/choose-backend.js';
import { classifyAdapter } from '../../src/backend/webgpu.js';
import { linuxGpuDevices, noGpuDevice } from '../../src/backend/webgpu-prepare.js';

const llvmpipe = { vendor: '', architecture: '', device: 'llvmpipe-llvm-15-0-6-256-bits-', description: 'OpenGL version OpenGL ES 3.2 Mesa 22.3.6', isFallbackAdapter: false };
const swiftshader = { vendor: 'google', architecture: 'swiftshader', device: 'swiftshader-device-subzero-', description: 'SwiftShader driver 5.0.0', isFallbackAdapter: true };
const nvidia = { vendor: 'nvidia', architecture: 'hopper', device: 'NVIDIA H200', description: 'NVIDIA H200', isFallbackAdapter: false };

describe('classifyAdapter', () => {
  it('calls llvmpipe software although it is not a fallback adapter', () => {
    expect(classifyAdapter(llvmpipe)).toEqual({ label: 'llvmpipe-llvm-15-0-6-256-bits- (OpenGL version OpenGL ES 3.2 Mesa 22.3.6)', software: true, why: 'a software adapter (llvmpipe)' });
  });

  it('calls a fallback adapter software and a named GPU a GPU', () => {
    expect(classifyAdapter(swiftshader).software).toBe(true);
    expect(classifyAdapter(swiftshader).why).toBe('a fallback adapter');
    expect(classifyAdapter(nvidia)).toEqual({ label: 'NVIDIA H200 / hopper / nvidia (NVIDIA H200)', software: false, why: '' });
    expect(classifyAdapter({}).label).toBe('unnamed adapter');
  });
});

/** A platform where everything loads and webgpu's adapter is `info` (or absent with `why`). */
const platformWith = (prepared: E.Either<{ why: string; install?: string }, Prepared>) => {
  const released: string[] = [];
  const platform: BackendPlatform = {
    importPackage: async (pkg) => {
      if (pkg.includes('tfjs-node')) throw Object.assign(new Error(`Cannot find package '${pkg}'`), { code: 'ERR_MODULE_NOT_FOUND' });
    },
    setBackend: async () => true,
    afterActivate: async () => E.right(undefined),
    prepare: async (name) => (name === 'webgpu' ? prepared : E.right({ note: '', software: false })),
    release: async (name) => void released.push(name),
  };
  return { platform, released };
};

const noteOf = (info: typeof llvmpipe): Prepared => {
  const a = classifyAdapter(info);
  return { note: `adapter: ${a.label}`, software: a.software };
};

describe('chooseBackend with webgpu', () => {
  it('auto skips a software adapter, releases it, names it, and goes on to the next backend', async () => {
    const { platform, released } = platformWith(E.right(noteOf(llvmpipe)));
    const lines: string[] = [];
    const choice = await chooseBackend({ name: 'auto', source: 'default' }, platform, (l) => lines.push(l));
    expect(E.isRight(choice) && choice.right.name).toBe('native');
    expect(released).toEqual(['webgpu']);
    expect(lines[0]).toContain('webgpu skipped (adapter: llvmpipe-llvm-15-0-6-256-bits- (OpenGL version OpenGL ES 3.2 Mesa 22.3.6): not a real GPU)');
  });

  it('auto takes webgpu on a real GPU and reports the adapter', async () => {
    const { platform, released } = platformWith(E.right(noteOf(nvidia)));
    const lines: string[] = [];
    const choice = await chooseBackend({ name: 'auto', source: 'default' }, platform, (l) => lines.push(l));
    expect(E.isRight(choice) && choice.right).toMatchObject({ name: 'webgpu', tfjsName: 'webgpu' });
    expect(released).toEqual([]);
    expect(lines).toEqual(['backend: webgpu (auto: node-gpu skipped (@tensorflow/tfjs-node-gpu is not installed); adapter: NVIDIA H200 / hopper / nvidia (NVIDIA H200))']);
  });

  it('a named webgpu takes a software adapter, and a missing Dawn package names what to install', async () => {
    const soft = await chooseBackend({ name: 'webgpu', source: '--backend' }, platformWith(E.right(noteOf(swiftshader))).platform, () => undefined);
    expect(E.isRight(soft) && soft.right.reason).toBe('asked for by --backend; adapter: swiftshader-device-subzero- / swiftshader / google (SwiftShader driver 5.0.0)');
    const missing = await chooseBackend({ name: 'webgpu', source: 'STRATA_BACKEND' }, platformWith(E.left({ why: 'not installed', install: 'webgpu@0.6.2' })).platform, () => undefined);
    expect(missing).toEqual(E.left("backend 'webgpu' (from STRATA_BACKEND) needs webgpu, which is not installed: run npm install --save-exact webgpu@0.6.2"));
    const none = await chooseBackend({ name: 'webgpu', source: '--backend' }, platformWith(E.left({ why: 'Dawn found no WebGPU adapter' })).platform, () => undefined);
    expect(none).toEqual(E.left("backend 'webgpu' (from --backend) is unusable: Dawn found no WebGPU adapter"));
  });
});

describe('noGpuDevice (auto does not start Dawn on a Linux machine without a GPU device)', () => {
  const dirs = (listing: Record<string, string[]>) => (dir: string): string[] => listing[dir] ?? [];

  it('names the missing devices on Linux with none', () => {
    expect(noGpuDevice('linux', dirs({ '/dev': ['null', 'tty0'], '/dev/dri': ['card0'] }))).toMatch(/no GPU device/);
  });

  it('finds NVIDIA, AMD kfd and DRM render nodes', () => {
    expect(linuxGpuDevices(dirs({ '/dev': ['nvidia0', 'nvidiactl', 'kfd'], '/dev/dri': ['card0', 'renderD128'] }))).toEqual(['/dev/nvidia0', '/dev/kfd', '/dev/dri/renderD128']);
    expect(noGpuDevice('linux', dirs({ '/dev/dri': ['renderD128'] }))).toBeUndefined();
  });

  it('leaves other platforms to the adapter', () => {
    expect(noGpuDevice('darwin', dirs({}))).toBeUndefined();
  });
});
