import { FloeError, FloeErrors, formatPosition } from '../../errors/index.js';
import type { Terminal } from './terminal.js';

/** Print any thrown value the way a person wants to read it: no stack unless --debug. */
export function printError(terminal: Terminal, error: unknown, debug: boolean): void {
  const c = terminal.colors;
  // A failed parse still shows the warnings it found (they may explain the errors).
  const warnings = (error as { warnings?: unknown } | null)?.warnings;
  if (Array.isArray(warnings)) for (const warning of warnings) if (warning instanceof FloeError) printFloeError(terminal, warning, debug);
  const errors = error instanceof FloeErrors ? error.errors : error instanceof FloeError ? [error] : undefined;
  if (!errors) {
    const message = error instanceof Error ? error.message : String(error);
    terminal.errorLine(`${c.red('error')}: ${message}`);
    if (debug && error instanceof Error && error.stack) terminal.errorLine(c.dim(error.stack));
    else terminal.errorLine(c.dim('  (run with --debug for the stack trace)'));
    return;
  }
  for (const e of errors) printFloeError(terminal, e, debug);
}

export function printFloeError(terminal: Terminal, error: FloeError, debug = false): void {
  const c = terminal.colors;
  const where = formatPosition(error.position);
  const label = error.severity === 'warning' ? c.yellow('warning') : c.red('error');
  terminal.errorLine(`${where ? `${c.bold(where)}: ` : ''}${label} ${c.dim(error.code)}: ${error.message}`);
  if (error.detail) for (const line of error.detail.split('\n')) terminal.errorLine(`  ${line}`);
  if (error.hint) terminal.errorLine(`  ${c.cyan('hint')}: ${error.hint}`);
  if (debug && error.stack) terminal.errorLine(c.dim(error.stack));
}
