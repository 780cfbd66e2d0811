/**
 * A local HTTP test double of the dbt package hub (hub.getdbt.com): it serves
 * the hub's JSON for the calls `floe deps` makes (`api/v1/<ns>/<name>.json`)
 * and the packages' tarballs, built from tiny projects written on the fly.
 * Point DBT_PACKAGE_HUB_URL at `url`.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import tarStream from 'tar-stream';

/** A .tar.gz of `files` under one top folder, as GitHub's codeload tarballs are. */
export async function tarball(entries: Array<{ name: string; content?: string; type?: 'file' | 'symlink'; linkname?: string }>): Promise<Buffer> {
  const pack = tarStream.pack();
  for (const entry of entries) pack.entry({ name: entry.name, type: entry.type ?? 'file', ...(entry.linkname ? { linkname: entry.linkname } : {}) }, entry.type === 'symlink' ? undefined : (entry.content ?? ''));
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

export interface PublishedVersion {
  /** Files of the package (dbt_project.yml gets `name:` and `version:` unless given). */
  files?: Record<string, string>;
  /** Dependencies as the hub lists them (`{package, version}`). */
  packages?: Array<Record<string, unknown>>;
  requireDbtVersion?: string[];
}

export class HubTestDouble {
  readonly requests: string[] = [];
  private readonly packages = new Map<string, Map<string, PublishedVersion>>();
  private readonly tarballs = new Map<string, Buffer>();
  private server: Server | undefined;
  url = '';

  /** Publish `namespace/name@version` (the project name is the part after the slash). */
  async publish(id: string, version: string, published: PublishedVersion = {}): Promise<void> {
    let versions = this.packages.get(id);
    if (!versions) this.packages.set(id, (versions = new Map()));
    versions.set(version, published);
    const name = id.split('/')[1];
    const files = { 'dbt_project.yml': `name: ${name}\nversion: '${version}'\n${published.requireDbtVersion ? `require-dbt-version: ${JSON.stringify(published.requireDbtVersion)}\n` : ''}`, ...(published.files ?? {}) };
    this.tarballs.set(`/tarballs/${name}-${version}.tar.gz`, await tarball(Object.entries(files).map(([path, content]) => ({ name: `${name}-${version}/${path}`, content }))));
  }

  /** Serve any bytes at `path` (a crafted tarball). */
  serve(path: string, bytes: Buffer): string {
    this.tarballs.set(path, bytes);
    return `${this.url}${path.slice(1)}`;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      this.requests.push(path);
      const tarball = this.tarballs.get(path);
      if (tarball) {
        response.writeHead(200, { 'content-type': 'application/gzip' });
        response.end(tarball);
        return;
      }
      const match = /^\/api\/v1\/([\w.-]+)\/([\w.-]+)\.json$/.exec(path);
      const id = match ? `${match[1]}/${match[2]}` : undefined;
      const versions = id ? this.packages.get(id) : undefined;
      if (path === '/api/v1/index.json') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify([...this.packages.keys()]));
        return;
      }
      if (!id || !versions) {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end('{"detail":"not found"}');
        return;
      }
      const name = id.split('/')[1];
      const body = {
        name,
        namespace: id.split('/')[0],
        latest: [...versions.keys()].at(-1),
        versions: Object.fromEntries(
          [...versions].map(([version, published]) => {
            const tarballPath = `/tarballs/${name}-${version}.tar.gz`;
            const sha1 = createHash('sha1').update(this.tarballs.get(tarballPath) as Buffer).digest('hex');
            return [
              version,
              {
                id: `${id}/${version}`,
                name,
                version,
                packages: published.packages ?? [],
                require_dbt_version: published.requireDbtVersion ?? [],
                downloads: { tarball: `${this.url}${tarballPath.slice(1)}`, format: 'tgz', sha1 },
              },
            ];
          }),
        ),
      };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
