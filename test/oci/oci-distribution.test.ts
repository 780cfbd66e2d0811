/**
 * floe's OCI distribution client against a real registry (Debian's
 * docker-registry on localhost), with and without basic auth.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OciContentCache,
  PLATFORM_MANIFEST_ARTIFACT,
  PRODUCT_BUNDLE_ARTIFACT,
  parseOciReference,
  pullFileArtifact,
  pushFileArtifact,
  registryUsesPlainHttp,
} from '../../src/oci/index.js';
import { FloeError } from '../../src/errors/index.js';
import { requireRegistry, startRegistry, type TestRegistry } from '../support/oci-registry.js';

const available = requireRegistry('oci-distribution.test.ts');
const directory = mkdtempSync(join(tmpdir(), 'floe-oci-'));
let open: TestRegistry;
let locked: TestRegistry;
const noCredentials = { HOME: directory } as NodeJS.ProcessEnv;

beforeAll(async () => {
  if (!available) return;
  [open, locked] = await Promise.all([startRegistry(), startRegistry({ username: 'platform', password: 's3cret-pass' })]);
});
afterAll(async () => {
  await Promise.all([open?.stop(), locked?.stop()]);
  rmSync(directory, { recursive: true, force: true });
});

const manifestYaml = (version: string) => Buffer.from(`apiVersion: floe.dev/v1\nkind: Manifest\nmetadata: {name: enterprise, version: ${version}}\nscope: enterprise\n`);
const push = (reference: string, bytes: Buffer, environment = noCredentials) =>
  pushFileArtifact(parseOciReference(reference), { kind: PLATFORM_MANIFEST_ARTIFACT, fileName: 'manifest.yaml', bytes, config: { name: 'enterprise' }, environment });
const cacheIn = (name: string) => new OciContentCache(join(directory, name));

async function floeError(promise: Promise<unknown>): Promise<FloeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FloeError) return error;
    throw error;
  }
  throw new Error('expected a FloeError');
}

describe.skipIf(!available)('OCI artifacts in a registry', () => {
  it('pushes a file and pulls it back by tag and by digest, verified and cached', async () => {
    const pushed = await push(`oci://${open.address}/floe/enterprise:v1.0.0`, manifestYaml('1.0.0'));
    expect(pushed.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    const cache = cacheIn('pull');
    const byTag = await pullFileArtifact(parseOciReference(`oci://${open.address}/floe/enterprise:v1.0.0`), { kind: PLATFORM_MANIFEST_ARTIFACT, cache, environment: noCredentials });
    expect(byTag.digest).toBe(pushed.digest);
    expect(byTag.bytes.toString()).toContain('version: 1.0.0');
    expect(byTag.config).toEqual({ name: 'enterprise' });
    const byDigest = await pullFileArtifact(parseOciReference(`oci://${open.address}/floe/enterprise@${pushed.digest}`), { kind: PLATFORM_MANIFEST_ARTIFACT, cache, environment: noCredentials });
    expect(byDigest.path).toBe(byTag.path);
  });

  it('serves a digest from the cache with the registry gone, and a tag too — marked offline', async () => {
    const registry = await startRegistry();
    const reference = `oci://${registry.address}/floe/offline:v1`;
    const pushed = await push(reference, manifestYaml('1.0.1'));
    const cache = cacheIn('offline');
    await pullFileArtifact(parseOciReference(reference), { kind: PLATFORM_MANIFEST_ARTIFACT, cache, environment: noCredentials });
    await registry.stop();
    const byDigest = await pullFileArtifact(parseOciReference(`oci://${registry.address}/floe/offline@${pushed.digest}`), { kind: PLATFORM_MANIFEST_ARTIFACT, cache, environment: noCredentials });
    expect(byDigest.offline).toBeUndefined();
    const byTag = await pullFileArtifact(parseOciReference(reference), { kind: PLATFORM_MANIFEST_ARTIFACT, cache, environment: noCredentials });
    expect(byTag).toMatchObject({ digest: pushed.digest, offline: true });
    const unknown = await floeError(pullFileArtifact(parseOciReference(`oci://${registry.address}/floe/never:v1`), { kind: PLATFORM_MANIFEST_ARTIFACT, cache, environment: noCredentials }));
    expect(unknown.code).toBe('FLOE_OCI_UNREACHABLE');
  });

  it('never trusts a cached blob whose bytes no longer match its digest: it is fetched again', async () => {
    const reference = `oci://${open.address}/floe/tamper:v1`;
    const pushed = await push(reference, manifestYaml('1.0.3'));
    const cache = cacheIn('tamper');
    const first = await pullFileArtifact(parseOciReference(reference), { kind: PLATFORM_MANIFEST_ARTIFACT, cache, environment: noCredentials });
    writeFileSync(first.path, 'scope: enterprise\napproved_plugins: {compute: [anything]}\n');
    const again = await pullFileArtifact(parseOciReference(`oci://${open.address}/floe/tamper@${pushed.digest}`), { kind: PLATFORM_MANIFEST_ARTIFACT, cache, environment: noCredentials });
    expect(again.bytes.toString()).toContain('version: 1.0.3');
    expect(readFileSync(first.path, 'utf8')).toContain('version: 1.0.3');
  });

  it('notices a tag that moved since the last pull', async () => {
    const reference = `oci://${open.address}/floe/moving:v1`;
    const cache = cacheIn('moving');
    const first = await push(reference, manifestYaml('1.0.0'));
    expect((await pullFileArtifact(parseOciReference(reference), { kind: PLATFORM_MANIFEST_ARTIFACT, cache, environment: noCredentials })).moved).toBeUndefined();
    const second = await push(reference, manifestYaml('1.0.2'));
    const pulled = await pullFileArtifact(parseOciReference(reference), { kind: PLATFORM_MANIFEST_ARTIFACT, cache, environment: noCredentials });
    expect(pulled.moved).toEqual({ from: first.digest, to: second.digest });
    expect(pulled.bytes.toString()).toContain('1.0.2');
  });

  it('says clearly when a reference does not exist or is another kind of artifact', async () => {
    const missing = await floeError(pullFileArtifact(parseOciReference(`oci://${open.address}/floe/absent:v9`), { kind: PLATFORM_MANIFEST_ARTIFACT, cache: cacheIn('x'), environment: noCredentials }));
    expect(missing.code).toBe('FLOE_OCI_NOT_FOUND');
    expect(missing.message).toBe(`oci://${open.address}/floe/absent:v9 does not exist in the registry`);
    await push(`oci://${open.address}/floe/kind:v1`, manifestYaml('1.0.0'));
    const wrong = await floeError(pullFileArtifact(parseOciReference(`oci://${open.address}/floe/kind:v1`), { kind: PRODUCT_BUNDLE_ARTIFACT, cache: cacheIn('y'), environment: noCredentials }));
    expect(wrong.code).toBe('FLOE_OCI_WRONG_ARTIFACT');
  });

  it('behind basic auth: refuses without credentials or with wrong ones, works with the environment or the docker config', async () => {
    const reference = `oci://${locked.address}/floe/enterprise:v1.0.0`;
    const none = await floeError(push(reference, manifestYaml('1.0.0')));
    expect(none).toMatchObject({ code: 'FLOE_OCI_UNAUTHORIZED', message: `the registry ${locked.address} needs credentials` });
    expect(none.hint).toContain(`docker login ${locked.address}`);
    const wrong = await floeError(push(reference, manifestYaml('1.0.0'), { HOME: directory, FLOE_REGISTRY_USERNAME: 'platform', FLOE_REGISTRY_PASSWORD: 'nope' }));
    expect(wrong.message).toBe(`the registry ${locked.address} rejected the credentials`);
    const pushed = await push(reference, manifestYaml('1.0.0'), { HOME: directory, FLOE_REGISTRY_USERNAME: 'platform', FLOE_REGISTRY_PASSWORD: 's3cret-pass' });

    const dockerConfig = join(directory, 'docker');
    mkdirSync(dockerConfig, { recursive: true });
    writeFileSync(join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [locked.address]: { auth: Buffer.from('platform:s3cret-pass').toString('base64') } } }));
    const pulled = await pullFileArtifact(parseOciReference(reference), { kind: PLATFORM_MANIFEST_ARTIFACT, cache: cacheIn('auth'), environment: { HOME: directory, DOCKER_CONFIG: dockerConfig } });
    expect(pulled.digest).toBe(pushed.digest);
  });
});

describe('OCI references', () => {
  it('parse registry, repository, tag and digest, and refuse what is not one', () => {
    expect(parseOciReference('oci://localhost:5000/floe/enterprise:v1.0.0')).toEqual({ registry: 'localhost:5000', repository: 'floe/enterprise', tag: 'v1.0.0', digest: undefined });
    expect(() => parseOciReference('oci://registry/enterprise')).toThrow(/a tag \(:v1\.0\.0\) or a digest/);
    expect(() => parseOciReference('https://registry/enterprise:v1')).toThrow(/must start with oci:\/\//);
    expect(() => parseOciReference('oci://registry/Enterprise:v1')).toThrow(/not a valid repository name/);
  });

  it('use plain HTTP only for this machine or registries marked insecure', () => {
    expect(registryUsesPlainHttp('localhost:5000', {})).toBe(true);
    expect(registryUsesPlainHttp('127.0.0.1:5000', {})).toBe(true);
    expect(registryUsesPlainHttp('registry.example.com', {})).toBe(false);
    expect(registryUsesPlainHttp('registry.lan:5000', { FLOE_REGISTRY_INSECURE: 'other, registry.lan:5000' })).toBe(true);
  });
});
