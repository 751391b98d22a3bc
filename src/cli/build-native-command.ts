/**
 * `strata build-native`: builds the native OpenBLAS kernels of an installed
 * strata (native/, node-gyp) by running scripts/build-native.js, the script
 * npm's install step runs, and prints its one-line verdict.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runError, type Command } from './command.js';

/** scripts/build-native.js of this package (the same path from src/cli and dist/cli). */
export const buildNativeScript = fileURLToPath(new URL('../../scripts/build-native.js', import.meta.url));

/**
 * The command running `script` with node: its output lines go to io.out;
 * a non-zero exit is a run error (exit 1) naming the script's status.
 */
export const buildNativeCommandFor = (script: string): Command => ({
  name: 'build-native',
  summary: 'build the native OpenBLAS kernels (g++, make, libopenblas-dev)',
  usage: 'strata build-native',
  flags: {},
  run: (_args, io) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'], env: io.env });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => void (text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => void (text += chunk.toString()));
      child.on('error', (error) => resolve(runError(`cannot run ${script}: ${error.message}`)));
      child.on('close', (code) => {
        text.split('\n').filter((l) => l !== '').forEach((l) => io.out(l));
        resolve(code === 0 ? undefined : runError(`native kernels not built (${script} exited with ${code})`));
      });
    }),
});

/** `strata build-native` for this package. */
export const buildNativeCommand: Command = buildNativeCommandFor(buildNativeScript);
