#!/usr/bin/env node
// The strata command line. The installed package (no src/) runs the
// compiled dist/cli/main.js; a checkout runs the TypeScript sources through
// tsx (a devDependency), so that a stale dist/ left by `npm pack` is never
// what a developer runs.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const load = async () => {
  if (!existsSync(source)) return import('../dist/cli/main.js');
  const { register } = await import('tsx/esm/api');
  register();
  return import('../src/cli/main.ts');
};
const { main, processIO } = await load();
process.exitCode = await main(process.argv.slice(2), processIO());
