/**
 * Every failure while compiling or rendering a template becomes a FloeError
 * with code FLOE_JINJA (or the code of the FloeError a context function threw,
 * e.g. FLOE_VAR_UNDEFINED) and the template position — never a JS stack.
 */
import { FloeError, type SourcePosition } from '../../errors/index.js';

export const JINJA_ERROR = 'FLOE_JINJA';

/** `return()` escaping a macro: thrown by the `return` global, caught by the macro wrapper. */
export class ReturnSignal {
  constructor(readonly value: unknown) {}
}

function cleanMessage(message: string): string {
  return message
    .replace(/^(Template render error: )?(\([^)]*\)\s*)?(\[Line \d+, Column \d+\]\s*)?/, '')
    .replace(/^\s*(Error|TypeError|RangeError|ReferenceError|SyntaxError): /, '')
    .replace(/^Template render error: /, '')
    .trim();
}

/** Give `error` a position if it has none, and make it a FloeError. */
export function toFloeError(error: unknown, position: SourcePosition): FloeError {
  if (error instanceof ReturnSignal) {
    return new FloeError(JINJA_ERROR, 'return() was called outside of a macro', {
      position,
      hint: 'Use {{ return(value) }} or {% do return(value) %} only inside {% macro %} … {% endmacro %}.',
    });
  }
  if (error instanceof FloeError) {
    if (error.position) return error;
    return new FloeError(error.code, error.message, { position, hint: error.hint, detail: error.detail, severity: error.severity, cause: error.cause });
  }
  if (error instanceof Error) {
    const nested = (error as { cause?: unknown }).cause;
    if (nested instanceof FloeError || nested instanceof ReturnSignal) return toFloeError(nested, position);
    const lineno = (error as { lineno?: number }).lineno;
    const colno = (error as { colno?: number }).colno;
    const at: SourcePosition =
      typeof lineno === 'number' && lineno > 0 ? { file: position.file, line: lineno, ...(typeof colno === 'number' && colno > 0 ? { column: colno } : {}) } : position;
    return new FloeError(JINJA_ERROR, cleanMessage(error.message), { position: at });
  }
  return new FloeError(JINJA_ERROR, String(error), { position });
}
