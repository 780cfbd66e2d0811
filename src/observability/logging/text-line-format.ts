/**
 * The people format: `12:03:04.567 INFO  message key=value …` from one pino
 * JSON line; error stacks follow on indented lines.
 */
const OMIT = new Set(['level', 'time', 'msg', 'pid', 'hostname']);

function value(v: unknown): string {
  if (typeof v === 'string') return /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v);
  return JSON.stringify(v);
}

export function formatTextLine(jsonLine: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine.endsWith('\n') ? jsonLine : `${jsonLine}\n`;
  }
  const time = typeof record.time === 'string' ? record.time.slice(11, 23) : '';
  const level = String(record.level ?? '').toUpperCase().padEnd(5);
  const parts = [time, level, String(record.msg ?? '')].filter((p) => p !== '');
  let stack = '';
  for (const [key, v] of Object.entries(record)) {
    if (OMIT.has(key) || v === undefined) continue;
    if (key === 'err' && typeof v === 'object' && v !== null) {
      const error = v as { message?: string; stack?: string; code?: string };
      parts.push(`err=${value(error.code ? `${error.code}: ${error.message}` : error.message)}`);
      if (error.stack) stack = `\n${error.stack.split('\n').map((l) => `    ${l}`).join('\n')}`;
      continue;
    }
    parts.push(`${key}=${value(v)}`);
  }
  return `${parts.join(' ')}${stack}\n`;
}
