/**
 * The webserver's tokens and the orchestrator an environment talks to live
 * in the manifest, but only the services and the CLI read them: a product's
 * compiled artifacts (what a pipeline job sees) carry neither the settings
 * nor their secret references.
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { compileProduct } from '../../src/compile/index.js';
import { effectiveSettings, loadDataProduct } from '../../src/config/index.js';
import { copyTinyProduct, edit } from './tiny-product.js';

const SERVICE_SETTINGS = `
orchestrator:
  webserver:
    anonymous_read: true
    tokens:
      - name: ci
        role: operator
        token_secret_ref: { source: env, name: FLOE_CI_TOKEN }
environments:
  prod:
    orchestrator:
      url: https://floe.example.com
      token_secret_ref: { source: env, name: FLOE_PROD_TOKEN }
`;

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function productWith(settings: string): string {
  const copy = copyTinyProduct();
  edit(copy, 'platform/manifest.yaml', 'observability:', `${settings}\nobservability:`);
  return copy;
}

describe('service-only manifest settings', () => {
  it('are read by the services and the CLI, with defaults', async () => {
    dir = productWith(SERVICE_SETTINGS);
    const loaded = loadDataProduct(dir);
    expect(loaded.errors).toEqual([]);
    expect(loaded.manifest?.orchestrator.webserver).toEqual({
      port: 3000,
      anonymous_read: true,
      tokens: [{ name: 'ci', role: 'operator', token_secret_ref: { source: 'env', name: 'FLOE_CI_TOKEN' } }],
    });
    expect(effectiveSettings(loaded.manifest!, 'prod').orchestrator_endpoint).toEqual({ url: 'https://floe.example.com', token_secret_ref: { source: 'env', name: 'FLOE_PROD_TOKEN' } });
    expect(effectiveSettings(loaded.manifest!, 'dev').orchestrator_endpoint).toBeUndefined();
  });

  it('stay out of the compiled artifacts and their secret references', async () => {
    dir = productWith(SERVICE_SETTINGS);
    const { artifacts, errors } = await compileProduct({ productDir: dir, env: 'prod' });
    expect(errors).toEqual([]);
    expect(artifacts?.orchestrator).not.toHaveProperty('webserver');
    expect(JSON.stringify(artifacts)).not.toContain('floe.example.com');
    expect(artifacts?.secret_refs.map((found) => found.ref.name)).toEqual(['FLOE_TINY_PG_PASSWORD']);
  });

  it('are refused with the key named when they are wrong', () => {
    dir = productWith(`
orchestrator:
  webserver:
    tokens:
      - { name: ci, role: owner, token_secret_ref: { source: env, name: X } }
environments:
  prod:
    orchestrator: { url: ftp://floe.example.com }
`);
    const { errors } = loadDataProduct(dir);
    const text = errors.map((error) => `${error.position?.file}:${error.position?.line} ${error.message}`).join('\n');
    expect(text).toMatch(/manifest\.yaml:\d+ .*role/);
    expect(text).toMatch(/manifest\.yaml:\d+ .*url/);
  });
});
