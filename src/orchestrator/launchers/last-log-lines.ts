/** The last lines of a job's log, kept when it died before it could record anything itself. */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export const LAST_LOG_LINES = 40;
const TAIL_BYTES = 16 * 1024;

export function lastLines(text: string, count = LAST_LOG_LINES): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.slice(-count);
}

/** The file's last lines (reading at most its last 16 KiB); [] when it cannot be read. */
export function lastLinesOfFile(path: string, count = LAST_LOG_LINES): string[] {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return lastLines(buffer.toString('utf8'), count);
  } catch {
    return [];
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
