import type { Terminal } from './output/terminal.js';

/** What every command gets: where to print, the Ctrl-C signal, and where to put its exit code. */
export interface CliContext {
  terminal: Terminal;
  signal: AbortSignal;
  debug: boolean;
  exitCode: number;
}
