/**
 * Which modules a Node process loads when it imports one specifier: every URL
 * that Node's ES module resolver returns (a module.register hook writes each
 * to a log) plus every CommonJS module and .node addon in require.cache.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const hooks = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.STRATA_MODULE_LOG, result.url + '\\n');
  return result;
}
`;

const registration = (hooksUrl: string): string =>
  `import { register } from 'node:module';\nregister(${JSON.stringify(hooksUrl)});\n`;

const probe = (specifier: string): string => [
  `await import(${JSON.stringify(specifier)});`,
  "const { createRequire } = await import('node:module');",
  'for (const key of Object.keys(createRequire(import.meta.url).cache)) console.log(key);',
].join('\n');

/**
 * The modules (URLs and CommonJS paths) loaded by `import(specifier)` from
 * `cwd`, with `preload` modules imported first (e.g. 'tsx' for TypeScript
 * sources). Throws with the process's stderr when the import fails.
 */
export const loadedModules = (cwd: string, specifier: string, preload: readonly string[] = []): string[] => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-graph-'));
  try {
    const hooksFile = join(dir, 'hooks.mjs');
    const registerFile = join(dir, 'register.mjs');
    const log = join(dir, 'modules.log');
    writeFileSync(hooksFile, hooks);
    writeFileSync(registerFile, registration(`file://${hooksFile}`));
    writeFileSync(log, '');
    const args = [...preload.flatMap((p) => ['--import', p]), '--import', `file://${registerFile}`, '--input-type=module', '-e', probe(specifier)];
    const run = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, STRATA_MODULE_LOG: log } });
    if (run.status !== 0) throw new Error(`import('${specifier}') failed in ${cwd}: ${run.stderr.trim().split('\n').slice(-5).join(' | ')}`);
    const resolved = readFileSync(log, 'utf8').split('\n');
    return [...new Set([...resolved, ...run.stdout.split('\n')].filter((l) => l !== ''))];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Modules the portable core must never load: report and CLI packages, and the native addon. */
export const nodeOnlyModules: readonly RegExp[] = [
  /\/node_modules\/vega(-[a-z-]+)?\//, /\/node_modules\/@resvg\//, /\/node_modules\/cli-progress\//,
  /\/node_modules\/pngjs\//, /strata_native\.node$/, /\/backend\/native\/addon\.[jt]s$/,
];

/** The loaded modules that match one of `nodeOnlyModules`. */
export const forbiddenIn = (modules: readonly string[]): string[] =>
  modules.filter((m) => nodeOnlyModules.some((pattern) => pattern.test(m)));
