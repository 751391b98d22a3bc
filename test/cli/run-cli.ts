/** Runs the strata command line in-process on the wasm backend, collecting its output lines and exit code. */
import type { CliIO } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';

/** What one in-process `strata` call gave. */
export interface CliResult {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

/** `strata ...argv` with STRATA_BACKEND=wasm. */
export const strata = async (...argv: string[]): Promise<CliResult> => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => void out.push(l), err: (l) => void err.push(l), env: { STRATA_BACKEND: 'wasm' } };
  return { code: await main(argv, io), out, err };
};
