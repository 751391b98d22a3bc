/**
 * choose-backend.ts with a stand-in platform: auto takes the first backend
 * that loads, a named backend that is missing is an error naming the
 * package, and the choice is reported exactly once.
 */
import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { chooseBackend, type BackendPlatform } from '../../src/backend/choose-backend.js';
import type { ConcreteBackend } from '../../src/backend/backend-request.js';

const notFound = (pkg: string): Error =>
  Object.assign(new Error(`Cannot find package '${pkg}' imported from /x.js`), { code: 'ERR_MODULE_NOT_FOUND' });

/**
 * A platform where `installed` packages load, others are missing, `broken`
 * tfjs backends fail to start, and the native addon is built only when `nativeBuilt`.
 */
const fakePlatform = (installed: readonly string[], broken: readonly string[] = [], nativeBuilt = false) => {
  const activated: ConcreteBackend[] = [];
  const platform: BackendPlatform = {
    importPackage: async (pkg) => {
      if (!installed.includes(pkg)) throw notFound(pkg);
    },
    setBackend: async (tfjsName) => !broken.includes(tfjsName),
    afterActivate: async (name) => {
      if (name === 'native' && !nativeBuilt) return E.left('native addon not built');
      activated.push(name);
      return E.right(undefined);
    },
  };
  return { platform, activated };
};

const collect = () => {
  const lines: string[] = [];
  return { lines, report: (line: string) => lines.push(line) };
};

describe('chooseBackend', () => {
  it('auto skips the missing node packages and takes wasm, reporting why once', async () => {
    // Arrange
    const { platform, activated } = fakePlatform(['@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-cpu']);
    const { lines, report } = collect();
    // Act
    const choice = await chooseBackend({ name: 'auto', source: 'default' }, platform, report);
    // Assert
    expect(E.isRight(choice) && choice.right.name).toBe('wasm');
    expect(activated).toEqual(['wasm']);
    expect(lines).toEqual([
      'backend: wasm (auto: node-gpu skipped (@tensorflow/tfjs-node-gpu is not installed); webgpu skipped (@tensorflow/tfjs-backend-webgpu is not installed); node skipped (@tensorflow/tfjs-node is not installed); native skipped (native addon not built))',
    ]);
  });

  it('auto prefers native over wasm when the addon is built', async () => {
    const { platform, activated } = fakePlatform(['@tensorflow/tfjs-backend-wasm'], [], true);
    const choice = await chooseBackend({ name: 'auto', source: 'default' }, platform, () => undefined);
    expect(E.isRight(choice) && choice.right.name).toBe('native');
    expect(activated).toEqual(['native']);
  });

  it('a named native backend whose addon is not built is an error saying so, not a fallback to wasm', async () => {
    const { platform } = fakePlatform(['@tensorflow/tfjs-backend-wasm']);
    const choice = await chooseBackend({ name: 'native', source: 'STRATA_BACKEND' }, platform, () => undefined);
    expect(E.isLeft(choice) && choice.left).toBe("backend 'native' (from STRATA_BACKEND) is unusable: native addon not built");
  });

  it('auto prefers node-gpu when it is installed', async () => {
    const { platform } = fakePlatform(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-backend-wasm']);
    const choice = await chooseBackend({ name: 'auto', source: 'default' }, platform, () => undefined);
    expect(E.isRight(choice) && choice.right).toEqual({ name: 'node-gpu', tfjsName: 'tensorflow', reason: 'auto: first choice' });
  });

  it('auto falls back to cpu when wasm fails to start', async () => {
    const { platform } = fakePlatform(['@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-cpu'], ['wasm']);
    const choice = await chooseBackend({ name: 'auto', source: 'default' }, platform, () => undefined);
    expect(E.isRight(choice) && choice.right.name).toBe('cpu');
  });

  it('a named backend that is not installed is an error naming the package, not a fallback', async () => {
    // Arrange
    const { platform, activated } = fakePlatform(['@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-cpu']);
    const { lines, report } = collect();
    // Act
    const choice = await chooseBackend({ name: 'node', source: 'STRATA_BACKEND' }, platform, report);
    // Assert
    expect(choice).toEqual(
      E.left(
        "backend 'node' (from STRATA_BACKEND) needs @tensorflow/tfjs-node, which is not installed: run npm install --save-exact @tensorflow/tfjs-node@4.22.0",
      ),
    );
    expect(activated).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('a named backend that loads but fails to start is an error saying so', async () => {
    const { platform } = fakePlatform(['@tensorflow/tfjs-backend-wasm'], ['wasm']);
    const choice = await chooseBackend({ name: 'wasm', source: '--backend' }, platform, () => undefined);
    expect(E.isLeft(choice) && choice.left).toContain("the 'wasm' backend failed to initialise");
  });

  it('a named backend that is installed is used and reported with its source', async () => {
    const { platform } = fakePlatform(['@tensorflow/tfjs-backend-cpu']);
    const { lines, report } = collect();
    const choice = await chooseBackend({ name: 'cpu', source: '--backend' }, platform, report);
    expect(E.isRight(choice)).toBe(true);
    expect(lines).toEqual(['backend: cpu (asked for by --backend)']);
  });
});
