#!/usr/bin/env node
// Builds strata's native OpenBLAS kernels (native/, node-gyp) and says in one
// line whether it worked and, if not, why and how to build them later.
//
//   node scripts/build-native.js            build; exit 1 when it cannot (`strata build-native`)
//   node scripts/build-native.js --install  npm's install step: never fails the install;
//                                           skipped in a git checkout (scripts/setup.sh builds there)
//                                           and when STRATA_SKIP_NATIVE=1
//
// node-gyp is npm's own (npm_config_node_gyp inside npm scripts, else the copy
// bundled with the npm beside this node); the build log goes to native/build.log.
import { spawnSync } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const install = process.argv.includes('--install');
const log = join(root, 'native', 'build.log');
const later = 'build them later with `npx strata build-native` (needs g++, make and libopenblas-dev)';

const say = (line) => process.stdout.write(`strata: ${line}\n`);

/** Whether an executable `name` is in a folder of PATH. */
const onPath = (name) =>
  (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && existsSync(join(dir, name)));

/** [command, ...args] that runs node-gyp, or undefined. */
const nodeGyp = () => {
  const candidates = [process.env.npm_config_node_gyp];
  if (process.env.npm_execpath) candidates.push(join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const npm = join(dir, 'npm');
    if (dir !== '' && existsSync(npm)) candidates.push(join(dirname(realpathSync(npm)), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  }
  const found = candidates.find((c) => c !== undefined && existsSync(c));
  if (found !== undefined) return [process.execPath, found];
  return onPath('node-gyp') ? ['node-gyp'] : undefined;
};

/** Why the build cannot start here, or undefined. */
const obstacle = () => {
  if (process.platform !== 'linux' || process.arch !== 'x64') return `native/binding.gyp targets linux x64, this is ${process.platform} ${process.arch}`;
  const missing = ['g++', 'make'].filter((tool) => !onPath(tool));
  if (missing.length > 0) return `${missing.join(' and ')} not found on PATH`;
  if (nodeGyp() === undefined) return 'node-gyp not found (neither npm\'s bundled copy nor on PATH)';
  return undefined;
};

/** The last error line of the build log, for a one-line reason. */
const lastError = () => {
  const lines = readFileSync(log, 'utf8').split('\n').filter((l) => /error|cannot find|not found/i.test(l));
  return (lines.at(-1) ?? 'node-gyp failed').trim().slice(0, 200);
};

const build = () => {
  const blocked = obstacle();
  if (blocked !== undefined) return blocked;
  const [command, ...args] = nodeGyp();
  const out = openSync(log, 'w');
  const result = spawnSync(command, [...args, 'rebuild', '--directory', join(root, 'native')], { stdio: ['ignore', out, out] });
  closeSync(out);
  return result.status === 0 ? undefined : `${lastError()} (log: ${log})`;
};

if (install && process.env.STRATA_SKIP_NATIVE === '1') {
  say(`native kernels: skipped (STRATA_SKIP_NATIVE=1); ${later}`);
} else if (install && existsSync(join(root, '.git'))) {
  // A development checkout: `npm ci` runs this too, and scripts/setup.sh (or `npm run build:native`) builds there.
} else {
  const failure = build();
  if (failure === undefined) {
    say("native kernels built (backend 'native' available)");
  } else {
    say(`native kernels not built: ${failure}; strata will use wasm; ${later}`);
    if (!install) process.exitCode = 1;
  }
}
