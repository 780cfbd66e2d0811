import { parse as parseYaml } from 'yaml';
import { FloeError } from '../errors/index.js';

/**
 * `--vars '{key: value}'` → the mapping var() reads. Called by the commands'
 * actions, not while flags are parsed, so `--help` never loads the YAML parser.
 */
export function parseVars(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new FloeError('FLOE_CLI_VARS', `--vars is not valid YAML: ${(error as Error).message}`, { hint: `write it as a YAML mapping, e.g. --vars '{start_date: 2024-01-01, limit: 10}'` });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new FloeError('FLOE_CLI_VARS', '--vars must be a YAML mapping of names to values', { hint: `e.g. --vars '{start_date: 2024-01-01}'` });
  }
  return value as Record<string, unknown>;
}

/** The parsed `--vars`, or undefined when the flag was not given. */
export function varsOf(text: string | undefined): Record<string, unknown> | undefined {
  return text === undefined ? undefined : parseVars(text);
}
