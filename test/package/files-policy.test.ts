import { describe, expect, it } from 'vitest';
import { policyBreaches, requiredPaths } from './files-policy.js';

const exportsMap = { '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './package.json': './package.json' };
const complete = ['package.json', 'README.md', 'LICENSE', 'bin/strata.js', 'dist/index.js', 'dist/index.d.ts', 'dist/index.js.map',
  'dist/cli/main.js', 'scripts/build-native.js', 'native/binding.gyp', 'native/src/addon.cc'];

describe('the files policy of the published package', () => {
  it('accepts a tarball with every export target, its source map, the bin and the native sources', () => {
    expect(policyBreaches(complete, exportsMap)).toEqual([]);
  });

  it('names tests, benchmarks, CI and TypeScript sources as stray, and each missing file', () => {
    // Arrange
    const files = [...complete.filter((f) => f !== 'dist/index.d.ts'), 'test/a.test.ts', 'bench/run.ts', '.ci/run', 'src/index.ts'];

    // Act
    const breaches = policyBreaches(files, exportsMap);

    // Assert
    expect(breaches).toEqual([
      'ships test/a.test.ts, outside the files policy', 'ships bench/run.ts, outside the files policy',
      'ships .ci/run, outside the files policy', 'ships src/index.ts, outside the files policy', 'lacks dist/index.d.ts',
    ]);
  });

  it('requires the source map of every compiled export target', () => {
    expect(requiredPaths(exportsMap)).toContain('dist/index.js.map');
  });
});
