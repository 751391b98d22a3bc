/**
 * The files policy of the published package (issue 21): what `npm pack` may
 * ship and what it must. dist/ (compiled ES modules, declarations, source
 * maps), bin/, the sources and build script of the native addon, README,
 * LICENSE, ARCHITECTURE.md; never tests, benchmarks, CI or TypeScript sources.
 */

/** Path prefixes (or whole paths) a tarball file may have, relative to the package root. */
export const allowedPaths: readonly string[] = [
  'package.json', 'README.md', 'LICENSE', 'ARCHITECTURE.md',
  'dist/', 'bin/', 'scripts/build-native.js', 'native/binding.gyp', 'native/src/',
];

/** The exports map of package.json: subpath to { types, default } (or a plain path). */
export type ExportsMap = Readonly<Record<string, string | Readonly<Record<string, string>>>>;

/** The files every package must hold: each target of the exports map, its source map, the bin, the native sources. */
export const requiredPaths = (exportsMap: ExportsMap): string[] => {
  const targets = Object.values(exportsMap).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
  const files = targets.map((t) => t.replace(/^\.\//, ''));
  const maps = files.filter((f) => f.endsWith('.js') && f.startsWith('dist/')).map((f) => `${f}.map`);
  return [...new Set([...files, ...maps, 'bin/strata.js', 'dist/cli/main.js', 'scripts/build-native.js',
    'native/binding.gyp', 'native/src/addon.cc', 'README.md', 'LICENSE'])];
};

/**
 * Every breach of the policy by the tarball's file list `files`, as one line
 * each: a file outside the allowed paths, or a required file missing.
 * An empty list: the tarball keeps the policy.
 */
export const policyBreaches = (files: readonly string[], exportsMap: ExportsMap): string[] => {
  const shipped = new Set(files);
  const stray = files.filter((f) => !allowedPaths.some((p) => (p.endsWith('/') ? f.startsWith(p) : f === p)));
  const missing = requiredPaths(exportsMap).filter((f) => !shipped.has(f));
  return [...stray.map((f) => `ships ${f}, outside the files policy`), ...missing.map((f) => `lacks ${f}`)];
};
