/**
 * The `strata` command line: dispatches to one command, parses its flags
 * strictly, prints `--help`, and turns every error into one line on stderr
 * with exit code 2 (usage) or 1 (run failure).
 */
import * as E from 'fp-ts/lib/Either.js';
import { buildNativeCommand } from './build-native-command.js';
import type { CliIO, Command } from './command.js';
import { classifyCommand } from './classify-command.js';
import { describeCommand } from './describe-command.js';
import { evalCommand } from './eval-command.js';
import { parseFlags, flagHelp } from './flags.js';
import { datasetsCommand, modelsCommand } from './list-commands.js';
import { plotCommand } from './plot-command.js';
import { reproduceCommand } from './reproduce-command.js';
import { sampleCommand } from './sample-command.js';
import { scoreCommand } from './score-command.js';
import { smokeCommand } from './smoke-command.js';
import { trainCommand } from './train-command.js';

/** Every command, in the order `strata --help` lists them. */
export const commands: readonly Command[] = [trainCommand, evalCommand, classifyCommand, sampleCommand, plotCommand, scoreCommand, reproduceCommand, describeCommand, modelsCommand, datasetsCommand, smokeCommand, buildNativeCommand];

const topHelp = (): string[] => [
  'usage: strata <command> [flags]',
  '',
  ...commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
  '',
  "run 'strata <command> --help' for a command's flags",
];

/** Runs `strata` with `argv` (without node and script); resolves to the exit code. */
export const main = async (argv: readonly string[], io: CliIO): Promise<number> => {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === 'help' || name === '-h') {
    topHelp().forEach((l) => io.out(l));
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    io.err(`strata: unknown command '${name}'; commands: ${commands.map((c) => c.name).join(', ')}`);
    return 2;
  }
  const args = parseFlags(rest, command.flags);
  if (E.isLeft(args)) {
    io.err(`strata ${name}: ${args.left}`);
    return 2;
  }
  if (args.right.flags.help === true) {
    [`usage: ${command.usage}`, '', command.summary, '', 'flags:', ...flagHelp(command.flags)].forEach((l) => io.out(l));
    return 0;
  }
  try {
    const error = await command.run(args.right, io);
    if (error === undefined) return 0;
    io.err(`strata ${name}: ${error.message}`);
    return error.code;
  } catch (error) {
    io.err(`strata ${name}: ${(error as Error).message ?? String(error)}`);
    return 1;
  }
};

/**
 * Handles a closed pipe on `stream` (its reader has gone, e.g. `strata models
 * | head`): on EPIPE calls `then` instead of crashing on the unhandled
 * 'error' event; any other error of the stream is rethrown.
 */
export const onClosedPipe = (stream: NodeJS.EventEmitter, then: () => void): void => {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    then();
  });
};

let pipesGuarded = false;

/**
 * The real process's console. A closed stdout pipe ends the process quietly
 * with exit code 0 (as a Unix filter ends on SIGPIPE); a closed stderr pipe
 * drops the lines, and the command ends with its own exit code.
 */
export const processIO = (): CliIO => {
  if (!pipesGuarded) {
    onClosedPipe(process.stdout, () => process.exit(0));
    onClosedPipe(process.stderr, () => undefined);
  }
  pipesGuarded = true;
  return {
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
    env: process.env,
    progressStream: process.stderr,
  };
};

const entry = process.argv[1] ?? '';
if (entry.endsWith('/src/cli/main.ts')) process.exitCode = await main(process.argv.slice(2), processIO());
