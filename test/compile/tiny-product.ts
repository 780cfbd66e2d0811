/** A fresh copy of the tiny product fixture in a temp dir, so tests can change files and write artifacts. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TINY_PRODUCT = join(import.meta.dirname, '../fixtures/governance/tiny-product');

export function copyTinyProduct(): string {
  const dir = mkdtempSync(join(tmpdir(), 'floe-compile-'));
  cpSync(TINY_PRODUCT, dir, { recursive: true });
  return dir;
}

/** Replace text in a file of the copy (the `from` text must be there). */
export function edit(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
  writeFileSync(path, text.replace(from, to));
}
