/**
 * A client for the OCI distribution API (the registry HTTP API): blobs and
 * manifests, pushed and pulled, with the registry's two auth schemes — Basic
 * (htpasswd registries) and Bearer tokens (token servers: Docker Hub, GHCR,
 * Harbor…), both answered from `registryCredentials`. HTTPS, except for a
 * registry on this machine or one marked insecure (`registryUsesPlainHttp`).
 */
import { createHash } from 'node:crypto';
import { FloeError } from '../errors/index.js';
import { registryUsesPlainHttp } from './oci-reference.js';
import { registryCredentials, type RegistryCredentials } from './registry-credentials.js';

export interface RegistryClientOptions {
  environment?: NodeJS.ProcessEnv;
  /** Overrides the environment and the docker config. */
  credentials?: RegistryCredentials;
}

export interface FetchedManifest {
  digest: string;
  mediaType: string;
  bytes: Buffer;
}

export const sha256Digest = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

interface Challenge {
  scheme: 'basic' | 'bearer';
  parameters: Record<string, string>;
}

function parseChallenge(header: string | null): Challenge | undefined {
  if (!header) return undefined;
  const match = /^(\w+)\s*(.*)$/.exec(header.trim());
  if (!match) return undefined;
  const scheme = match[1].toLowerCase();
  if (scheme !== 'basic' && scheme !== 'bearer') return undefined;
  const parameters: Record<string, string> = {};
  for (const [, key, value] of match[2].matchAll(/(\w+)="([^"]*)"/g)) parameters[key] = value;
  return { scheme, parameters };
}

export class RegistryClient {
  private readonly base: string;
  private readonly credentials?: RegistryCredentials;
  /** Authorization header per scope, reused while the registry accepts it. */
  private readonly authorizations = new Map<string, string>();

  constructor(
    readonly registry: string,
    options: RegistryClientOptions = {},
  ) {
    const environment = options.environment ?? process.env;
    this.base = `${registryUsesPlainHttp(registry, environment) ? 'http' : 'https'}://${registry}`;
    this.credentials = options.credentials ?? registryCredentials(registry, environment);
  }

  async blobExists(repository: string, digest: string): Promise<boolean> {
    const response = await this.send('HEAD', `/v2/${repository}/blobs/${digest}`, repository, 'pull');
    if (response.status === 404) return false;
    await this.expect(response, [200], `checking blob ${digest} in ${repository}`);
    return true;
  }

  /** Uploads a blob in one request (POST to open the upload, PUT with the bytes and their digest). */
  async pushBlob(repository: string, bytes: Buffer): Promise<string> {
    const digest = sha256Digest(bytes);
    if (await this.blobExists(repository, digest)) return digest;
    const opened = await this.send('POST', `/v2/${repository}/blobs/uploads/`, repository, 'push,pull');
    await this.expect(opened, [202], `starting an upload to ${repository}`);
    const location = opened.headers.get('location');
    if (!location) throw this.protocolError(`the registry opened an upload to ${repository} without a Location`);
    const url = new URL(location, this.base);
    url.searchParams.set('digest', digest);
    const done = await this.send('PUT', url.toString(), repository, 'push,pull', { body: bytes, headers: { 'content-type': 'application/octet-stream' } });
    await this.expect(done, [201], `uploading blob ${digest} to ${repository}`);
    return digest;
  }

  async pushManifest(repository: string, tag: string, bytes: Buffer, mediaType: string): Promise<string> {
    const response = await this.send('PUT', `/v2/${repository}/manifests/${tag}`, repository, 'push,pull', { body: bytes, headers: { 'content-type': mediaType } });
    await this.expect(response, [201], `pushing ${repository}:${tag}`);
    return response.headers.get('docker-content-digest') ?? sha256Digest(bytes);
  }

  /** The manifest a tag or digest names; its digest is computed from the bytes and, for a digest reference, checked. */
  async manifest(repository: string, reference: string, accept: string): Promise<FetchedManifest> {
    const response = await this.send('GET', `/v2/${repository}/manifests/${reference}`, repository, 'pull', { headers: { accept } });
    if (response.status === 404) throw this.notFound(repository, reference);
    await this.expect(response, [200], `reading ${repository}:${reference}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    const digest = sha256Digest(bytes);
    if (reference.startsWith('sha256:') && reference !== digest) {
      throw new FloeError('FLOE_OCI_DIGEST_MISMATCH', `the registry ${this.registry} answered ${repository}@${reference} with content whose digest is ${digest}`, {
        hint: 'the registry or something between it and you altered the content; do not use it',
      });
    }
    return { digest, mediaType: response.headers.get('content-type') ?? accept, bytes };
  }

  async blob(repository: string, digest: string): Promise<Buffer> {
    const response = await this.send('GET', `/v2/${repository}/blobs/${digest}`, repository, 'pull');
    if (response.status === 404) throw this.notFound(repository, digest);
    await this.expect(response, [200], `reading blob ${digest} of ${repository}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    if (sha256Digest(bytes) !== digest) {
      throw new FloeError('FLOE_OCI_DIGEST_MISMATCH', `blob ${digest} of ${this.registry}/${repository} has digest ${sha256Digest(bytes)}`, { hint: 'the content was altered; do not use it' });
    }
    return bytes;
  }

  // ── HTTP with the registry's auth dance ───────────────────────────────

  private async send(method: string, pathOrUrl: string, repository: string, actions: string, init: { body?: Buffer; headers?: Record<string, string> } = {}): Promise<Response> {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${this.base}${pathOrUrl}`;
    const scope = `repository:${repository}:${actions}`;
    const attempt = async (): Promise<Response> => {
      const authorization = this.authorizations.get(scope);
      try {
        return await fetch(url, { method, body: init.body, headers: { ...init.headers, ...(authorization ? { authorization } : {}) }, redirect: 'follow' });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        throw new FloeError('FLOE_OCI_UNREACHABLE', `cannot reach the registry ${this.registry} (${cause?.code ?? cause?.message ?? String(error)})`, {
          hint: registryUsesPlainHttp(this.registry) ? 'is the registry running?' : `check the host name and that it serves HTTPS; a registry without TLS must be listed in FLOE_REGISTRY_INSECURE`,
          cause: error,
        });
      }
    };
    let response = await attempt();
    if (response.status !== 401) return response;
    const challenge = parseChallenge(response.headers.get('www-authenticate'));
    await response.arrayBuffer();
    if (!challenge) return response;
    if (challenge.scheme === 'basic') {
      if (!this.credentials) throw this.unauthorized();
      this.authorizations.set(scope, `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`);
    } else {
      this.authorizations.set(scope, `Bearer ${await this.token(challenge, scope)}`);
    }
    response = await attempt();
    if (response.status === 401) throw this.unauthorized(true);
    return response;
  }

  private async token(challenge: Challenge, scope: string): Promise<string> {
    const realm = challenge.parameters.realm;
    if (!realm) throw this.protocolError('the registry asked for a token without naming its realm');
    const url = new URL(realm);
    if (challenge.parameters.service) url.searchParams.set('service', challenge.parameters.service);
    url.searchParams.set('scope', challenge.parameters.scope ?? scope);
    const headers: Record<string, string> = this.credentials
      ? { authorization: `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}` }
      : {};
    const response = await fetch(url, { headers });
    if (response.status === 401 || response.status === 403) throw this.unauthorized(this.credentials !== undefined);
    await this.expect(response, [200], 'getting a registry token');
    const body = (await response.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw this.protocolError('the token server answered without a token');
    return token;
  }

  private async expect(response: Response, statuses: number[], what: string): Promise<void> {
    if (statuses.includes(response.status)) return;
    const text = await response.text().catch(() => '');
    let detail = text.slice(0, 300);
    try {
      const parsed = JSON.parse(text) as { errors?: { code: string; message: string }[] };
      if (parsed.errors?.length) detail = parsed.errors.map((error) => `${error.code}: ${error.message}`).join('; ');
    } catch {
      // not JSON: keep the text
    }
    if (response.status === 403) throw this.unauthorized(true);
    throw new FloeError('FLOE_OCI_REGISTRY_ERROR', `the registry ${this.registry} refused ${what}: HTTP ${response.status}${detail ? ` — ${detail}` : ''}`);
  }

  private unauthorized(rejected = false): FloeError {
    return new FloeError(
      'FLOE_OCI_UNAUTHORIZED',
      rejected ? `the registry ${this.registry} rejected the credentials` : `the registry ${this.registry} needs credentials`,
      { hint: `run \`docker login ${this.registry}\`, or set FLOE_REGISTRY_USERNAME and FLOE_REGISTRY_PASSWORD` },
    );
  }

  private notFound(repository: string, reference: string): FloeError {
    return new FloeError('FLOE_OCI_NOT_FOUND', `oci://${this.registry}/${repository}${reference.startsWith('sha256:') ? '@' : ':'}${reference} does not exist in the registry`, {
      hint: 'check the name and tag; a platform manifest is published with `floe platform publish oci://…`',
    });
  }

  private protocolError(message: string): FloeError {
    return new FloeError('FLOE_OCI_REGISTRY_ERROR', `${message} (${this.registry})`);
  }
}
