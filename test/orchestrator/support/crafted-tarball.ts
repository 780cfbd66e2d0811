/** Hand-made tarballs for the refusal tests: entries a packager of ours would never write. */
import { gzipSync } from 'node:zlib';
import tarStream from 'tar-stream';

export interface CraftedEntry {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link' | 'fifo' | 'character-device';
  content?: string | Buffer;
  linkname?: string;
}

export async function craftedTar(entries: CraftedEntry[]): Promise<Buffer> {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  for (const entry of entries) {
    const content = typeof entry.content === 'string' ? Buffer.from(entry.content) : (entry.content ?? Buffer.alloc(0));
    const type = entry.type ?? 'file';
    await new Promise<void>((resolve, reject) =>
      pack.entry({ name: entry.name, type, size: type === 'file' ? content.length : 0, ...(entry.linkname ? { linkname: entry.linkname } : {}) }, type === 'file' ? content : undefined, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

export async function craftedTarball(entries: CraftedEntry[]): Promise<Buffer> {
  return gzipSync(await craftedTar(entries));
}
