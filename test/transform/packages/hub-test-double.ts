/**
 * A local HTTP test double of the dbt package hub (hub.getdbt.com): it serves
 * the hub's JSON for the calls `floe deps` makes (`api/v1/<ns>/<name>.json`)
 * and the packages' tarballs, built from tiny projects written on the fly.
 * Point DBT_PACKAGE_HUB_URL at `url`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tar from 'tar';

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
  private readonly work = mkdtempSync(join(tmpdir(), 'floe-hub-double-'));
  private server: Server | undefined;
  url = '';

  /** Publish `namespace/name@version` (the project name is the part after the slash). */
  publish(id: string, version: string, published: PublishedVersion = {}): void {
    let versions = this.packages.get(id);
    if (!versions) this.packages.set(id, (versions = new Map()));
    versions.set(version, published);
    const name = id.split('/')[1];
    const dir = join(this.work, `${name}-${version}`, `${name}-${version}`);
    const files = { 'dbt_project.yml': `name: ${name}\nversion: '${version}'\n${published.requireDbtVersion ? `require-dbt-version: ${JSON.stringify(published.requireDbtVersion)}\n` : ''}`, ...(published.files ?? {}) };
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const file = join(this.work, `${name}-${version}.tar.gz`);
    // As GitHub's codeload tarballs: one top folder named after the repository and version.
    tar.c({ gzip: true, file, cwd: dirname(dir), sync: true }, [`${name}-${version}`]);
    this.tarballs.set(`/tarballs/${name}-${version}.tar.gz`, readFileSync(file));
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
