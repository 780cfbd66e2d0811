/**
 * Unpacking a package's .tar.gz (the hub's and GitHub's tarballs) with
 * tar-stream: plain files and folders only, at clean relative paths (no
 * `..`, nothing absolute); links and devices in a package are refused, so
 * unpacking never writes outside the target folder. pax headers are skipped.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { FloeError } from '../../errors/index.js';

function cleanPath(name: string, url: string): string {
  const path = name.replace(/^\.\//, '').replace(/\/+$/, '');
  const segments = path.split('/');
  if (path === '' || path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.includes('\\') || path.includes('\0') || segments.includes('..')) {
    throw new FloeError('FLOE_DEPS_DOWNLOAD_FAILED', `the tarball ${url} holds an unsafe path '${name}'`, { hint: 'a package tarball may only contain files under its own folder; this one was not unpacked' });
  }
  return path;
}

export async function unpackTarball(data: Buffer, dir: string, url: string): Promise<void> {
  let tar: Buffer;
  try {
    tar = gunzipSync(data);
  } catch (error) {
    throw new FloeError('FLOE_DEPS_DOWNLOAD_FAILED', `${url} is not a gzipped archive`, { cause: error });
  }
  const { default: tarStream } = await import('tar-stream'); // only floe deps unpacks tarballs
  const extract = tarStream.extract();
  const reading = (async () => {
    for await (const entry of extract) {
      const { header } = entry;
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      if (header.type === 'pax-header' || header.type === 'pax-global-header') continue;
      if (header.type !== 'file' && header.type !== 'directory') {
        throw new FloeError('FLOE_DEPS_DOWNLOAD_FAILED', `the tarball ${url} holds '${header.name}', a ${header.type ?? 'special file'}; packages hold only files and folders`);
      }
      const target = join(dir, cleanPath(header.name, url));
      if (header.type === 'directory') mkdirSync(target, { recursive: true });
      else {
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, Buffer.concat(chunks));
      }
    }
  })();
  extract.end(tar);
  try {
    await reading;
  } catch (error) {
    if (error instanceof FloeError) throw error;
    throw new FloeError('FLOE_DEPS_DOWNLOAD_FAILED', `${url} is not a readable tar archive: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
