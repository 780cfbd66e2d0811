/**
 * Secret references: found at compile time, resolved only at run time.
 * Nothing here puts a secret's value into an error message.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FloeError } from '../errors/index.js';
import { secretRefSchema, type SecretRef } from './common-schemas.js';

export const DEFAULT_KUBERNETES_SECRETS_DIR = '/var/run/secrets/floe';

export interface FoundSecretRef {
  /** Where the reference sits, e.g. `['compute', 'approved', 1, 'connection_secret_ref']`. */
  path: Array<string | number>;
  ref: SecretRef;
}

/** Every secret reference in a value: `secret_ref: {...}` and `*_secret_ref: {...}` keys. */
export function findSecretRefs(value: unknown): FoundSecretRef[] {
  const found: FoundSecretRef[] = [];
  const visit = (node: unknown, path: Array<string | number>) => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...path, index]));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      if (key === 'secret_ref' || key.endsWith('_secret_ref')) {
        const parsed = secretRefSchema.safeParse(child);
        if (parsed.success) {
          found.push({ path: [...path, key], ref: parsed.data });
          continue;
        }
      }
      visit(child, [...path, key]);
    }
  };
  visit(value, []);
  return found;
}

export interface ResolveSecretOptions {
  /** Environment to read `env` secrets from; `process.env` by default. */
  env?: Record<string, string | undefined>;
  /** Where Kubernetes Secrets are mounted (`<dir>/<name>/<key>`); `/var/run/secrets/floe` by default. */
  secretsDir?: string;
}

function describeRef(ref: SecretRef): string {
  return `${ref.source} secret '${ref.name}'${ref.key ? ` (key '${ref.key}')` : ''}`;
}

function readSecretFile(path: string, ref: SecretRef): string {
  try {
    // Mounted secrets and `echo x > file` end with a newline that is not part of the secret.
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new FloeError('FLOE_SECRET_NOT_FOUND', `cannot read ${describeRef(ref)}: ${(error as NodeJS.ErrnoException).code ?? 'error'} at ${path}`, {
      hint: ref.source === 'kubernetes' ? 'check that the Secret is mounted into the pod at this path' : 'check the file path and its permissions',
    });
  }
}

/**
 * The secret's value, read at run time. Throws `FloeError` (never containing
 * the value) when the secret cannot be found.
 */
export function resolveSecretRef(ref: SecretRef, options: ResolveSecretOptions = {}): string {
  switch (ref.source) {
    case 'env': {
      const value = (options.env ?? process.env)[ref.name];
      if (value === undefined) {
        throw new FloeError('FLOE_SECRET_NOT_FOUND', `environment variable ${ref.name} is not set (needed by ${describeRef(ref)})`, {
          hint: `export ${ref.name}=... before running, or change the secret reference in the manifest`,
        });
      }
      return value;
    }
    case 'file':
      return readSecretFile(ref.name, ref);
    case 'kubernetes': {
      if (!ref.key) {
        throw new FloeError('FLOE_SECRET_INVALID', `${describeRef(ref)} has no key: a Kubernetes Secret reference needs the key to read`, {
          hint: 'add `key: <key in the Secret>` to the secret reference',
        });
      }
      return readSecretFile(join(options.secretsDir ?? DEFAULT_KUBERNETES_SECRETS_DIR, ref.name, ref.key), ref);
    }
    case 'vault':
      throw new FloeError('FLOE_SECRET_UNSUPPORTED', `${describeRef(ref)}: Vault secrets are not supported yet`, {
        hint: 'use source env, file or kubernetes for now',
      });
  }
}

/** `text` with every occurrence of each secret value replaced by `***` (longest first). For loggers and error output. */
export function redactSecrets(text: string, values: Iterable<string>): string {
  const secrets = [...new Set(values)].filter((value) => value.length > 0).sort((a, b) => b.length - a.length);
  let result = text;
  for (const secret of secrets) result = result.split(secret).join('***');
  return result;
}
