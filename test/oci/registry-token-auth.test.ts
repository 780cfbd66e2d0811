/**
 * The Bearer-token scheme of registries with a token server (Docker Hub,
 * GHCR, Harbor). Debian's registry cannot run one without a PKI, so this uses
 * a small local TEST DOUBLE of a registry + token server that speaks the
 * scheme: 401 with `WWW-Authenticate: Bearer realm,service,scope`, a token
 * endpoint taking basic credentials, then the request with `Bearer <token>`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../../src/oci/index.js';

let server: Server;
let address: string;
const seen: { path: string; authorization?: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    seen.push({ path: `${url.pathname}${url.search}`, authorization: request.headers.authorization });
    if (url.pathname === '/token') {
      const expected = `Basic ${Buffer.from('robot:token-pass').toString('base64')}`;
      if (request.headers.authorization !== expected) return void response.writeHead(401).end();
      response.writeHead(200, { 'content-type': 'application/json' });
      return void response.end(JSON.stringify({ token: `t-for-${url.searchParams.get('scope')}` }));
    }
    if (request.headers.authorization !== 'Bearer t-for-repository:floe/enterprise:pull') {
      response.writeHead(401, { 'www-authenticate': `Bearer realm="http://${address}/token",service="test-registry",scope="repository:floe/enterprise:pull"` });
      return void response.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
    }
    response.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
    response.end('{"schemaVersion":2}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('registry token auth (against a test double)', () => {
  it('gets a token for the scope with the basic credentials, then retries with it', async () => {
    const client = new RegistryClient(address, { credentials: { username: 'robot', password: 'token-pass' } });
    const manifest = await client.manifest('floe/enterprise', 'v1', 'application/vnd.oci.image.manifest.v1+json');
    expect(manifest.bytes.toString()).toBe('{"schemaVersion":2}');
    expect(seen.map((entry) => entry.path)).toEqual(['/v2/floe/enterprise/manifests/v1', '/token?service=test-registry&scope=repository%3Afloe%2Fenterprise%3Apull', '/v2/floe/enterprise/manifests/v1']);
  });

  it('reports rejected credentials instead of looping', async () => {
    const client = new RegistryClient(address, { credentials: { username: 'robot', password: 'wrong' } });
    await expect(client.manifest('floe/enterprise', 'v1', 'application/vnd.oci.image.manifest.v1+json')).rejects.toMatchObject({ code: 'FLOE_OCI_UNAUTHORIZED' });
  });
});
