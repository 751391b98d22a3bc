import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildNativeCommandFor, buildNativeScript } from '../../src/cli/build-native-command.js';
import { commands } from '../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-build-native-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const script = (name: string, body: string): string => {
  const path = join(dir, name);
  writeFileSync(path, body);
  return path;
};

const run = async (path: string, env: Record<string, string> = {}) => {
  const out: string[] = [];
  const error = await buildNativeCommandFor(path).run({ flags: {}, positional: [] }, { out: (l) => void out.push(l), err: () => undefined, env });
  return { out, error };
};

describe('strata build-native', () => {
  it('is a command of strata and runs scripts/build-native.js', () => {
    expect(commands.map((c) => c.name)).toContain('build-native');
    expect(buildNativeScript).toMatch(/scripts\/build-native\.js$/);
  });

  it("passes the script's verdict through and succeeds when it exits 0", async () => {
    const { out, error } = await run(script('ok.mjs', "console.log('strata: native kernels built');"));

    expect(out).toEqual(['strata: native kernels built']);
    expect(error).toBeUndefined();
  });

  it('is a run error (exit 1) when the build fails, after printing why', async () => {
    const { out, error } = await run(script('fail.mjs', "console.log('strata: native kernels not built: g++ not found'); process.exit(1);"));

    expect(out).toEqual(['strata: native kernels not built: g++ not found']);
    expect(error).toEqual({ code: 1, message: expect.stringMatching(/native kernels not built .*exited with 1/) });
  });

  it('says why and how to build later when no compiler is on PATH, and never fails an install', async () => {
    const reason = await run(buildNativeScript, { PATH: dir });
    const install = await import('node:child_process').then(({ spawnSync }) =>
      spawnSync(process.execPath, [buildNativeScript, '--install'], { env: { PATH: dir, STRATA_SKIP_NATIVE: '1' }, encoding: 'utf8' }));

    expect(reason.out.join('\n')).toMatch(/not built: g\+\+ and make not found on PATH; .*npx strata build-native/);
    expect(reason.error?.code).toBe(1);
    expect(install.status).toBe(0);
    expect(install.stdout).toMatch(/skipped \(STRATA_SKIP_NATIVE=1\).*npx strata build-native/);
  });
});
