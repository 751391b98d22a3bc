import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forbiddenIn, loadedModules } from './loaded-modules.js';

const root = join(import.meta.dirname, '..', '..');

describe("what importing 'strata' loads in Node", () => {
  it('loads none of vega, @resvg/resvg-js, cli-progress, pngjs or the native addon', () => {
    // Arrange, Act
    const modules = loadedModules(root, './src/index.ts', ['tsx']);

    // Assert
    expect(modules.some((m) => m.endsWith('/src/dsl/builder.ts'))).toBe(true);
    expect(forbiddenIn(modules)).toEqual([]);
  });

  it('sees them where they are loaded (strata/cli)', () => {
    const modules = loadedModules(root, './src/cli/index.ts', ['tsx']);

    const forbidden = forbiddenIn(modules).join('\n');
    for (const name of ['vega', '@resvg', 'cli-progress', 'pngjs', 'addon']) expect(forbidden).toContain(name);
  });
});
