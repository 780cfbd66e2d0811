/**
 * Runs floe's data-product commands in this process, the way `main()` does
 * (same commander setup, same error printing), with the output captured.
 * In-process rather than spawning `dist/cli/main.js`: no build step before the
 * tests, and failures show the real stack; flag parsing is still exercised.
 */
import { PassThrough } from 'node:stream';
import { Command, CommanderError } from 'commander';
import type { CliContext } from '../../../src/cli/cli-context.js';
import { printError } from '../../../src/cli/output/print-error.js';
import { createTerminal } from '../../../src/cli/output/terminal.js';

export interface FloeResult {
  code: number;
  out: string;
  err: string;
}

export type Registrar = (program: Command, context: CliContext) => void;

/** `floe <args>` with the given command groups registered (e.g. registerProductCommands, registerRunCommand). */
export async function runFloe(registrars: Registrar[], args: string[], options: { cwd?: string; signal?: AbortSignal } = {}): Promise<FloeResult> {
  const out = new PassThrough();
  const err = new PassThrough();
  let outText = '';
  let errText = '';
  out.on('data', (chunk: Buffer) => (outText += chunk.toString()));
  err.on('data', (chunk: Buffer) => (errText += chunk.toString()));
  const terminal = createTerminal(out, err);
  const context: CliContext = { terminal, signal: options.signal ?? new AbortController().signal, debug: false, exitCode: 0 };
  const program = new Command('floe').exitOverride().configureOutput({ writeOut: (s) => out.write(s), writeErr: (s) => err.write(s) });
  for (const register of registrars) register(program, context);
  const previous = process.cwd();
  if (options.cwd) process.chdir(options.cwd);
  let code: number;
  try {
    await program.parseAsync(['node', 'floe', ...args]);
    code = context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) code = error.exitCode === 0 ? 0 : 2;
    else {
      printError(terminal, error, false);
      code = 1;
    }
  } finally {
    if (options.cwd) process.chdir(previous);
  }
  await new Promise((resolve) => setImmediate(resolve));
  return { code, out: outText, err: errText };
}
