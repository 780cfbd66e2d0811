/**
 * The dbt package hub (hub.getdbt.com) as `dbt deps` reads it: one JSON
 * document per package at `api/v1/<namespace>/<name>.json` listing every
 * published version with its dependencies and tarball URL. The base URL comes
 * from DBT_PACKAGE_HUB_URL (dbt's variable), so a mirror or a test double can
 * stand in for the real hub.
 */
import { FloeError } from '../../errors/index.js';

export const DEFAULT_HUB_URL = 'https://hub.getdbt.com/';

export interface HubVersion {
  version: string;
  /** The project name inside the package (its dbt_project.yml `name`). */
  name: string;
  /** Dependencies of this version, as package-spec mappings. */
  packages: Array<Record<string, unknown>>;
  tarball: string;
  /** sha1 of the tarball, when the hub publishes one. */
  sha1?: string;
  requireDbtVersion?: string[];
}

export interface HubPackage {
  /** `namespace/name`. */
  id: string;
  latest?: string;
  versions: Map<string, HubVersion>;
}

export function hubUrl(env: Record<string, string | undefined>): string {
  const url = env.DBT_PACKAGE_HUB_URL || DEFAULT_HUB_URL;
  return url.endsWith('/') ? url : `${url}/`;
}

async function fetchJson(url: string, what: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(60_000), headers: { accept: 'application/json' } });
  } catch (error) {
    throw new FloeError('FLOE_DEPS_HUB_UNREACHABLE', `could not reach the package hub for ${what}: ${error instanceof Error ? error.message : String(error)}`, {
      detail: `GET ${url}`,
      hint: 'check the network, or point DBT_PACKAGE_HUB_URL at a reachable hub mirror',
      cause: error,
    });
  }
  if (response.status === 404) return undefined;
  if (!response.ok) {
    throw new FloeError('FLOE_DEPS_HUB_FAILED', `the package hub answered ${response.status} for ${what}`, { detail: `GET ${url}`, hint: 'try again later; the hub may be down' });
  }
  try {
    return await response.json();
  } catch (error) {
    throw new FloeError('FLOE_DEPS_HUB_FAILED', `the package hub sent something that is not JSON for ${what}`, { detail: `GET ${url}`, cause: error });
  }
}

const asList = (value: unknown): string[] | undefined =>
  value === undefined || value === null ? undefined : (Array.isArray(value) ? value : [value]).map(String);

/** Cached per `floe deps` run: a package is looked up once however many packages require it. */
export class HubRegistry {
  private readonly packages = new Map<string, Promise<HubPackage | undefined>>();

  constructor(private readonly baseUrl: string) {}

  get url(): string {
    return this.baseUrl;
  }

  lookup(id: string): Promise<HubPackage | undefined> {
    let pending = this.packages.get(id);
    if (!pending) {
      pending = this.fetchPackage(id);
      this.packages.set(id, pending);
    }
    return pending;
  }

  private async fetchPackage(id: string): Promise<HubPackage | undefined> {
    const url = new URL(`api/v1/${id}.json`, this.baseUrl).toString();
    const body = await fetchJson(url, id);
    if (body === undefined) return undefined;
    if (typeof body !== 'object' || body === null || typeof (body as { versions?: unknown }).versions !== 'object') {
      throw new FloeError('FLOE_DEPS_HUB_FAILED', `the package hub's entry for ${id} has no versions`, { detail: `GET ${url}` });
    }
    const document = body as { latest?: unknown; versions: Record<string, Record<string, unknown>> };
    const versions = new Map<string, HubVersion>();
    for (const [version, entry] of Object.entries(document.versions ?? {})) {
      const downloads = (entry.downloads ?? {}) as Record<string, unknown>;
      if (typeof downloads.tarball !== 'string') continue;
      versions.set(version, {
        version,
        name: typeof entry.name === 'string' ? entry.name : id.split('/')[1],
        packages: Array.isArray(entry.packages) ? (entry.packages as Array<Record<string, unknown>>) : [],
        tarball: downloads.tarball,
        ...(typeof downloads.sha1 === 'string' ? { sha1: downloads.sha1 } : {}),
        ...(asList(entry.require_dbt_version) ? { requireDbtVersion: asList(entry.require_dbt_version) } : {}),
      });
    }
    return { id, latest: typeof document.latest === 'string' ? document.latest : undefined, versions };
  }
}
