/** strata/cli: the `strata` command line as a library; `main(argv, io)` resolves to the exit code. */
export { commands, main, processIO } from './main.js';
export type { CliError, CliIO, Command } from './command.js';
export { parseFlags, type FlagSpec, type ParsedArgs } from './flags.js';
