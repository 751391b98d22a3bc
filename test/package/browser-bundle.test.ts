import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { nodeOnlyModules } from './loaded-modules.js';

const root = join(import.meta.dirname, '..', '..');

/** Bundles `entry` for a browser: esbuild's errors (e.g. an unresolvable node: built-in) and the bundled inputs. */
const bundle = async (entry: string) => {
  try {
    const result = await build({
      absWorkingDir: root, entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm',
      write: false, metafile: true, logLevel: 'silent',
    });
    return { errors: [] as string[], inputs: Object.keys(result.metafile.inputs) };
  } catch (error) {
    const failure = error as { errors?: { text: string; location?: { file: string } | null }[] };
    return { errors: (failure.errors ?? []).map((e) => `${e.location?.file ?? ''}: ${e.text}`), inputs: [] };
  }
};

describe("the 'strata' entry in a browser", () => {
  it('bundles for platform browser with no Node built-in and no Node-only package', async () => {
    // Arrange, Act
    const { errors, inputs } = await bundle('src/index.ts');

    // Assert: a Node built-in the browser lacks is an unresolvable import; packages that map one away themselves appear as (disabled)
    expect(errors).toEqual([]);
    expect(inputs.filter((i) => /^node:/.test(i))).toEqual([]);
    expect(inputs.filter((i) => nodeOnlyModules.some((p) => p.test(`/${i}`)))).toEqual([]);
    expect(inputs.filter((i) => /^src\/(backend\/native|cli|train|datasets|report)\//.test(i))).toEqual([]);
  });

  it('fails for an entry that reaches Node-only modules (strata/train)', async () => {
    const { errors } = await bundle('src/train/index.ts');

    expect(errors.join('\n')).toMatch(/node:fs|Could not resolve/);
  });
});
