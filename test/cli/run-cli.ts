/** Runs the strata command line in-process, collecting its output lines and exit code. */
import type { CliIO } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';

/** What one in-process `strata` call gave. */
export interface CliResult {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

/** The environment and progress stream of in-process calls. */
export interface CliOptions {
  /** The whole environment the command sees (default: STRATA_BACKEND=wasm only). */
  readonly env?: Readonly<Record<string, string>>;
  readonly progressStream?: NodeJS.WriteStream;
}

/** A `strata ...argv` runner with `options`' environment and progress stream. */
export const strataWith =
  (options: CliOptions = {}) =>
  async (...argv: string[]): Promise<CliResult> => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIO = {
      out: (l) => void out.push(l),
      err: (l) => void err.push(l),
      env: { ...(options.env ?? { STRATA_BACKEND: 'wasm' }) },
      ...(options.progressStream === undefined ? {} : { progressStream: options.progressStream }),
    };
    return { code: await main(argv, io), out, err };
  };

/** `strata ...argv` with STRATA_BACKEND=wasm. */
export const strata = strataWith();
