/**
 * The local cache of pulled OCI content: blobs by digest
 * (`blobs/sha256/<hex>`, verified before use, written atomically), and the
 * digest each tag pointed at when last pulled (`tags.json`), which is how a
 * tag that moved is noticed. Default folder: FLOE_OCI_CACHE, else
 * `$XDG_CACHE_HOME/floe/oci`, else `~/.cache/floe/oci`.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../files/index.js';
import { sha256Digest } from './registry-client.js';

export interface TagRecord {
  digest: string;
  pulledAt: string;
}

export function defaultOciCacheDir(environment: NodeJS.ProcessEnv = process.env): string {
  if (environment.FLOE_OCI_CACHE) return environment.FLOE_OCI_CACHE;
  return join(environment.XDG_CACHE_HOME ?? join(environment.HOME ?? homedir(), '.cache'), 'floe', 'oci');
}

export class OciContentCache {
  constructor(readonly directory: string = defaultOciCacheDir()) {}

  blobPath(digest: string): string {
    return join(this.directory, 'blobs', ...digest.split(':'));
  }

  /** The blob's bytes when cached and intact. */
  read(digest: string): Buffer | undefined {
    const path = this.blobPath(digest);
    if (!existsSync(path)) return undefined;
    const bytes = readFileSync(path);
    return sha256Digest(bytes) === digest ? bytes : undefined;
  }

  write(bytes: Buffer): string {
    const digest = sha256Digest(bytes);
    const path = this.blobPath(digest);
    if (this.read(digest) === undefined) {
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileAtomic(path, bytes);
    }
    return digest;
  }

  tag(reference: string): TagRecord | undefined {
    return this.tags()[reference];
  }

  recordTag(reference: string, digest: string): void {
    const tags = this.tags();
    tags[reference] = { digest, pulledAt: new Date().toISOString() };
    mkdirSync(this.directory, { recursive: true });
    writeFileAtomic(join(this.directory, 'tags.json'), `${JSON.stringify(tags, null, 2)}\n`);
  }

  private tags(): Record<string, TagRecord> {
    const path = join(this.directory, 'tags.json');
    if (!existsSync(path)) return {};
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as Record<string, TagRecord>;
    } catch {
      return {};
    }
  }
}
