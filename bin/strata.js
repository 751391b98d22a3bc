#!/usr/bin/env node
// The strata command line: registers tsx, then runs src/cli/main.ts.
import { register } from 'tsx/esm/api';

register();
const { main, processIO } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), processIO());
