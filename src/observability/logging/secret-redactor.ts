/**
 * Replaces secret values wherever they appear in a finished log line. Working
 * on the serialized line (not on known field names) catches a password inside
 * a connection string, an error message or a nested object alike. Each secret
 * is also matched in the forms it takes once serialized: JSON-escaped and
 * URL-encoded.
 */
export const REDACTED = '***';

export class SecretRedactor {
  private patterns: string[] = [];

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.add(secret);
  }

  add(secret: string): void {
    if (!secret) return; // an empty "secret" would match everywhere
    const forms = new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
    for (const form of forms) if (form && !this.patterns.includes(form)) this.patterns.push(form);
    // Longest first, so a secret that contains another is replaced whole.
    this.patterns.sort((a, b) => b.length - a.length);
  }

  redact(line: string): string {
    let out = line;
    for (const pattern of this.patterns) if (out.includes(pattern)) out = out.split(pattern).join(REDACTED);
    return out;
  }
}
