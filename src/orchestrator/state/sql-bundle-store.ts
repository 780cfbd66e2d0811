/** Product bundles in the state database's `bundles` table: every replica and job reads the same bytes. */
import { createHash } from 'node:crypto';
import { FloeError } from '../../errors/index.js';
import type { BundleStore } from './bundle-store.js';
import { STATE_ERROR_CODES, invalidInputError } from './state-errors.js';
import type { StoreContext } from './store-context.js';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

export function requireDigest(digest: string): string {
  if (typeof digest !== 'string' || !DIGEST.test(digest)) {
    throw invalidInputError(`"${String(digest)}" is not a bundle digest.`, 'A digest is `sha256:` followed by 64 lowercase hex digits.');
  }
  return digest;
}

export class SqlBundleStore implements BundleStore {
  readonly #context: StoreContext;

  constructor(context: StoreContext) {
    this.#context = context;
  }

  async put(digest: string, bytes: Uint8Array): Promise<{ created: boolean }> {
    requireDigest(digest);
    const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (actual !== digest) {
      throw new FloeError(STATE_ERROR_CODES.digestMismatch, `The bundle's bytes have digest ${actual}, not ${digest}; nothing was stored.`);
    }
    const rows = await this.#context
      .db()
      .insertInto('bundles')
      .values({ digest, size_bytes: bytes.byteLength, content: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), created_at: this.#context.now().toISOString() })
      .onConflict((conflict) => conflict.column('digest').doNothing())
      .returning('digest')
      .execute();
    return { created: rows.length > 0 };
  }

  async get(digest: string): Promise<Uint8Array | undefined> {
    requireDigest(digest);
    const row = await this.#context.db().selectFrom('bundles').select('content').where('digest', '=', digest).executeTakeFirst();
    return row?.content;
  }

  async has(digest: string): Promise<boolean> {
    requireDigest(digest);
    const row = await this.#context.db().selectFrom('bundles').select('digest').where('digest', '=', digest).executeTakeFirst();
    return row !== undefined;
  }
}
