/**
 * Reading a target's settings as the profile wrote them (after env_var()
 * rendering every value may be a string): required keys, dbt's aliases
 * (`pass`, `database`, `username`), numbers written as strings.
 */
import { FloeError } from '../errors/index.js';

export type LooseTargetConfig = Record<string, unknown> & { type: string };

export class TargetSettings {
  private readonly config: Record<string, unknown>;
  private readonly engine: string;

  constructor(config: Record<string, unknown>, engine: string) {
    this.config = config;
    this.engine = engine;
  }

  string(key: string, aliases: string[] = []): string | undefined {
    for (const name of [key, ...aliases]) {
      const value = this.config[name];
      if (value === undefined || value === null || value === '') continue;
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw this.invalid(name, 'a string');
    }
    return undefined;
  }

  requiredString(key: string, aliases: string[] = []): string {
    const value = this.string(key, aliases);
    if (value === undefined) {
      throw new FloeError('FLOE_COMPUTE_CONFIG', `the ${this.engine} target has no '${key}'`, {
        hint: `add '${key}:' to the target in profiles.yml${aliases.length ? ` (or ${aliases.map((a) => `'${a}'`).join(', ')})` : ''}`,
      });
    }
    return value;
  }

  positiveInteger(key: string): number | undefined {
    const value = this.config[key];
    if (value === undefined || value === null || value === '') return undefined;
    const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(number) || number < 1) throw this.invalid(key, 'a whole number of at least 1');
    return number;
  }

  private invalid(key: string, expected: string): FloeError {
    return new FloeError('FLOE_COMPUTE_CONFIG', `'${key}' of the ${this.engine} target must be ${expected}`, {
      hint: `fix '${key}:' in the target in profiles.yml`,
    });
  }
}
