import pc from 'picocolors';
import type { Writable } from 'node:stream';

/**
 * Where CLI output goes. Colours and the live progress line only on a TTY
 * (and never with NO_COLOR / CI), so piped output stays plain and greppable.
 */
export interface Terminal {
  out: Writable;
  err: Writable;
  isTty: boolean;
  colors: ReturnType<typeof pc.createColors>;
  /** Print a full line (clears a progress line first). */
  line(text?: string): void;
  /** Print to stderr. */
  errorLine(text?: string): void;
  /** Replace the live status line (TTY only; no-op elsewhere). */
  status(text: string): void;
  clearStatus(): void;
}

export function createTerminal(out: Writable = process.stdout, err: Writable = process.stderr): Terminal {
  const isTty = Boolean((out as { isTTY?: boolean }).isTTY) && !process.env.CI;
  const useColor = isTty && !process.env.NO_COLOR;
  let statusShown = false;
  const clear = (): void => {
    if (statusShown) {
      out.write('\r\x1b[2K');
      statusShown = false;
    }
  };
  return {
    out,
    err,
    isTty,
    colors: pc.createColors(useColor),
    line(text = '') {
      clear();
      out.write(`${text}\n`);
    },
    errorLine(text = '') {
      clear();
      err.write(`${text}\n`);
    },
    status(text) {
      if (!isTty) return;
      const width = (out as { columns?: number }).columns ?? 100;
      out.write(`\r\x1b[2K${text.length > width - 1 ? `${text.slice(0, width - 2)}…` : text}`);
      statusShown = true;
    },
    clearStatus: clear,
  };
}
