/**
 * The package as users install it (issue 21): packs strata, installs the
 * tarball into a fresh project (the local tarball plus the npm registry, with
 * npm's cache preferred), and checks there what a user meets: the tarball's
 * files against the policy, every exports entry imported from an ES module,
 * a TypeScript module using them type-checked under node16 and bundler
 * resolution (skipLibCheck off: strata's declarations are checked too;
 * errors inside tfjs's own declarations, which any tfjs user meets, are
 * left out), `strata` loading none of the Node-only modules, and
 * `npx strata --help` and `npx strata smoke`.
 *
 *     npm run test:package [-- <package root>]      (default: this checkout)
 *
 * Ends with "N passed, N failed"; exit 1 when a check failed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { entriesModule, tsconfig, usageModule } from './consumer-files.js';
import { forbiddenIn, loadedModules } from './loaded-modules.js';
import { policyBreaches, type ExportsMap } from './files-policy.js';

const root = resolve(process.argv[2] ?? join(import.meta.dirname, '..', '..'));
const work = mkdtempSync(join(tmpdir(), 'strata-consumer-'));
const project = join(work, 'project');
let passed = 0;
let failed = 0;

/** Runs a command; its stdout then stderr, or throws with both. */
const sh = (cwd: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): string => {
  const run = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${run.status ?? run.signal}:\n${output}`);
  return output;
};

/** Runs one named check, printing ok or the failure; never throws. */
const check = (name: string, body: () => string | void): void => {
  const started = Date.now();
  try {
    const note = body();
    passed += 1;
    console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)${note ? `: ${note}` : ''}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}: ${(error as Error).message.trim().split('\n').slice(0, 25).join('\n     ')}`);
  }
};

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: ExportsMap; devDependencies: Record<string, string> };
const subpaths = Object.keys(manifest.exports).filter((s) => s !== './package.json');
let tarball = '';

check('npm pack', () => {
  const run = spawnSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`npm pack exited with ${run.status}:\n${run.stdout}${run.stderr}`);
  const packed = JSON.parse(run.stdout.slice(run.stdout.indexOf('[\n'))) as { filename: string; size: number; entryCount: number; files: { path: string }[] }[];
  const [info] = packed;
  tarball = join(work, info.filename);
  writeFileSync(join(work, 'files.txt'), info.files.map((f) => f.path).join('\n'));
  return `${info.filename}, ${info.size} bytes, ${info.entryCount} files`;
});

check('tarball files keep the files policy', () => {
  const files = readFileSync(join(work, 'files.txt'), 'utf8').split('\n');
  const breaches = policyBreaches(files, manifest.exports);
  if (breaches.length > 0) throw new Error(`${breaches.length} breaches:\n${breaches.slice(0, 20).join('\n')}`);
});

check('npm install the tarball into a fresh project', () => {
  sh(work, 'mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  const dev = ['typescript', '@types/node'].map((name) => `${name}@${manifest.devDependencies[name]}`);
  const out = sh(project, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--foreground-scripts', tarball, ...dev]);
  return out.split('\n').filter((l) => l.startsWith('strata:')).join(' | ') || 'no line from strata\'s install step';
});

check('every exports entry imports from an ES module', () => {
  writeFileSync(join(project, 'entries.mjs'), entriesModule(subpaths));
  return sh(project, process.execPath, ['entries.mjs']).trim().split('\n').join(', ');
});

for (const resolution of ['node16', 'bundler'] as const) {
  check(`a TypeScript module using every entry type-checks (moduleResolution ${resolution})`, () => {
    writeFileSync(join(project, 'use.ts'), usageModule);
    writeFileSync(join(project, `tsconfig.${resolution}.json`), tsconfig(resolution));
    const run = spawnSync('npx', ['--no', '--', 'tsc', '-p', `tsconfig.${resolution}.json`], { cwd: project, encoding: 'utf8' });
    const errors = run.stdout.split('\n').filter((l) => /^\S.*\(\d+,\d+\): error /.test(l));
    const ours = errors.filter((l) => !l.startsWith('node_modules/') || l.startsWith('node_modules/strata/'));
    if (ours.length > 0 || (run.status !== 0 && errors.length === 0)) throw new Error(`${ours.join('\n')}${run.stderr}`);
    return `strata's declarations checked in full; ${errors.length - ours.length} errors inside tfjs's own declarations ignored`;
  });
}

check("import 'strata' loads no vega, resvg, cli-progress, pngjs or native addon", () => {
  const modules = loadedModules(project, 'strata');
  const forbidden = forbiddenIn(modules);
  if (forbidden.length > 0) throw new Error(`it loads ${forbidden.length}:\n${forbidden.slice(0, 10).join('\n')}`);
  return `${modules.length} modules`;
});

check('npx strata --help lists the commands', () => {
  const out = sh(project, 'npx', ['--no', '--', 'strata', '--help']);
  if (!/usage: strata <command>/.test(out) || !/build-native/.test(out)) throw new Error(`unexpected help:\n${out}`);
});

check('npx strata smoke trains a few steps', () => {
  const out = sh(project, 'npx', ['--no', '--', 'strata', 'smoke', '--steps', '5']);
  if (!/smoke ok/.test(out)) throw new Error(`no 'smoke ok' in:\n${out}`);
  return out.split('\n').find((l) => l.startsWith('backend:')) ?? '';
});

if (failed === 0) rmSync(work, { recursive: true, force: true });
else console.log(`left for inspection: ${work}`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
