/**
 * The API's bearer tokens: the manifest's `orchestrator.webserver.tokens`
 * (secret references, resolved once at start) plus `FLOE_ADMIN_TOKEN` for a
 * quick start. Tokens are kept only as sha256 digests, and a presented token
 * is compared digest to digest in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { resolveSecretRef, type ApiRole, type ResolveSecretOptions, type WebserverSettings } from '../../config/index.js';
import { FloeError } from '../../errors/index.js';
import type { Principal } from './access.js';

export const ADMIN_TOKEN_ENV = 'FLOE_ADMIN_TOKEN';
/** Short tokens can be guessed; 16 characters is the least accepted. */
export const MIN_TOKEN_LENGTH = 16;

export interface ApiToken {
  name: string;
  role: ApiRole;
  /** The token itself. */
  token: string;
}

export interface ApiAuth {
  /** Requests without a token may read (viewer rights). */
  anonymousRead: boolean;
  tokens: ApiToken[];
}

interface StoredToken {
  name: string;
  role: ApiRole;
  digest: Buffer;
}

const digestOf = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

function tokenError(name: string, what: string): FloeError {
  return new FloeError('FLOE_API_TOKEN_INVALID', `The API token "${name}" ${what}.`, {
    hint: 'Generate tokens with e.g. `openssl rand -hex 32`, one per client, and keep them in the secrets the manifest names.',
  });
}

/** The webserver's tokens from its settings and the environment. Throws FLOE_SECRET_NOT_FOUND / FLOE_API_TOKEN_INVALID. */
export function resolveApiAuth(settings: Pick<WebserverSettings, 'anonymous_read' | 'tokens'>, env: Record<string, string | undefined>, secrets: Omit<ResolveSecretOptions, 'env'> = {}): ApiAuth {
  const tokens: ApiToken[] = settings.tokens.map((entry) => ({ name: entry.name, role: entry.role, token: resolveSecretRef(entry.token_secret_ref, { ...secrets, env }) }));
  const admin = env[ADMIN_TOKEN_ENV];
  if (admin !== undefined && admin !== '') tokens.push({ name: 'admin', role: 'admin', token: admin });
  return { anonymousRead: settings.anonymous_read, tokens };
}

/** Finds who holds a presented token. */
export class TokenTable {
  readonly #tokens: StoredToken[];

  constructor(tokens: readonly ApiToken[]) {
    const names = new Set<string>();
    const digests = new Set<string>();
    this.#tokens = tokens.map(({ name, role, token }) => {
      if (token.length < MIN_TOKEN_LENGTH) throw tokenError(name, `is shorter than ${MIN_TOKEN_LENGTH} characters`);
      if (names.has(name)) throw tokenError(name, 'is defined twice');
      const digest = digestOf(token);
      if (digests.has(digest.toString('hex'))) throw tokenError(name, 'has the same value as another token');
      names.add(name);
      digests.add(digest.toString('hex'));
      return { name, role, digest };
    });
  }

  get size(): number {
    return this.#tokens.length;
  }

  identify(token: string): Principal | undefined {
    const presented = digestOf(token);
    let found: StoredToken | undefined;
    // Compare against every token, so the time taken says nothing about which one matched.
    for (const stored of this.#tokens) if (timingSafeEqual(stored.digest, presented)) found = stored;
    return found ? { name: found.name, role: found.role, anonymous: false } : undefined;
  }
}
