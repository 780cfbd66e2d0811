/**
 * Both engines hand rows back as the same plain JavaScript values, so code
 * above the adapter (tests, `run_query`, agate-like tables) never sees BigInt
 * or driver-specific objects:
 *   integers → number (string when beyond 2^53), decimals → number (string
 *   when more than 15 significant digits), DATE → 'YYYY-MM-DD',
 *   TIMESTAMP → Date (read as UTC), TIMESTAMPTZ → Date.
 */

/** A BigInt as a number when exactly representable, else its decimal string. */
export function bigintToPlain(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value.toString();
}

/** A decimal's text as a number when a double holds it without loss of digits, else the text. */
export function numericTextToPlain(text: string): number | string {
  const digits = text.replace(/^[+-]/, '').replace(/[eE].*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  if (digits.length > 15 || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return text;
  const value = Number(text);
  return Number.isFinite(value) ? value : text;
}

/** A `timestamp without time zone` text ('2024-01-02 03:04:05.123') as a Date read as UTC, or the text if it is not a plain timestamp. */
export function timestampTextToDate(text: string): Date | string {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/.exec(text);
  if (!match) return text;
  const date = new Date(`${match[1]}T${match[2]}Z`);
  return Number.isNaN(date.getTime()) ? text : date;
}
