/**
 * `floe orchestrator webserver`: settings from flags, the environment and
 * the manifest; it refuses a store that is not migrated (naming the command
 * to run) and a token it cannot resolve; it serves until interrupted.
 */
import { createServer } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registerOrchestratorCommands } from '../../../src/cli/commands/orchestrator-commands.js';
import { registerWebserverCommand } from '../../../src/cli/commands/webserver-command.js';
import { webserverSettingsFrom } from '../../../src/server/index.js';
import { postgresBackend } from '../../orchestrator/state/state-store-backends.js';
import { waitFor } from '../../orchestrator/support/wait-for.js';
import { runFloe } from '../product/run-floe.js';

const COMMANDS = [registerOrchestratorCommands, registerWebserverCommand];
const backend = postgresBackend();
const dir = mkdtempSync(join(tmpdir(), 'floe-webserver-command-'));
afterAll(async () => {
  await backend.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const MANIFEST = `apiVersion: floe.dev/v1
kind: Manifest
metadata: { name: platform, version: 1.0.0 }
compute:
  approved: [{ name: duckdb, type: duckdb }]
orchestrator:
  webserver:
    port: 4123
    anonymous_read: true
    tokens:
      - { name: ci, role: operator, token_secret_ref: { source: env, name: FLOE_TEST_CI_TOKEN } }
`;

describe('floe orchestrator webserver', () => {
  it('takes its settings from flags, then the environment, then the manifest', () => {
    const manifest = join(dir, 'manifest.yaml');
    writeFileSync(manifest, MANIFEST);
    expect(webserverSettingsFrom({ manifestPath: manifest, env: {} })).toMatchObject({ port: 4123, host: '0.0.0.0', webserver: { anonymous_read: true, tokens: [{ name: 'ci' }] } });
    expect(webserverSettingsFrom({ env: { FLOE_MANIFEST: manifest, FLOE_PORT: '5000', FLOE_DATABASE_URL: 'postgres://x/y' } })).toMatchObject({ port: 5000, databaseUrl: 'postgres://x/y' });
    expect(webserverSettingsFrom({ manifestPath: manifest, port: 6000, anonymousRead: false, env: { FLOE_PORT: '5000' } })).toMatchObject({ port: 6000, webserver: { anonymous_read: false } });
    expect(webserverSettingsFrom({ env: {} })).toMatchObject({ port: 3000, webserver: { anonymous_read: false, tokens: [] } });
    expect(() => webserverSettingsFrom({ env: { FLOE_PORT: 'http' } })).toThrow(expect.objectContaining({ code: 'FLOE_WEBSERVER_PORT_INVALID' }));
  });

  it('refuses a database that is not migrated, naming `floe orchestrator migrate`', async () => {
    const config = await backend.freshConfig();
    const refused = await runFloe(COMMANDS, ['orchestrator', 'webserver', '--database-url', (config as { url: string }).url, '--port', '0']);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('FLOE_STATE_NOT_MIGRATED');
    expect(refused.err).toContain('floe orchestrator migrate');
    expect((await runFloe(COMMANDS, ['orchestrator', 'webserver', '--port', '0'])).err).toContain('FLOE_DATABASE_URL_MISSING');
    const badPort = await runFloe(COMMANDS, ['orchestrator', 'webserver', '--port', 'eighty']);
    expect(badPort.code).toBe(1);
    expect(badPort.err).toContain('FLOE_CLI_PORT');
  });

  it('refuses to start when a token cannot be resolved or is too short', async () => {
    const { config } = await backend.freshStore();
    const manifest = join(dir, 'manifest.yaml');
    writeFileSync(manifest, MANIFEST);
    const url = (config as { url: string }).url;
    const missing = await runFloe(COMMANDS, ['orchestrator', 'webserver', '--database-url', url, '--manifest', manifest, '--port', '0']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('FLOE_SECRET_NOT_FOUND');
    expect(missing.err).toContain('FLOE_TEST_CI_TOKEN');
    process.env.FLOE_TEST_CI_TOKEN = 'short';
    try {
      const short = await runFloe(COMMANDS, ['orchestrator', 'webserver', '--database-url', url, '--manifest', manifest, '--port', '0']);
      expect(short.err).toContain('FLOE_API_TOKEN_INVALID');
      expect(short.err).not.toContain('short"');
    } finally {
      delete process.env.FLOE_TEST_CI_TOKEN;
    }
  });

  it('serves the API with the manifest’s tokens and FLOE_ADMIN_TOKEN until interrupted, then stops', async () => {
    const { config } = await backend.freshStore();
    const manifest = join(dir, 'manifest.yaml');
    writeFileSync(manifest, MANIFEST);
    const port = await freePort();
    process.env.FLOE_TEST_CI_TOKEN = 'ci-token-0123456789abcdef';
    process.env.FLOE_ADMIN_TOKEN = 'admin-token-0123456789abcdef';
    const abort = new AbortController();
    try {
      const serving = runFloe(COMMANDS, ['orchestrator', 'webserver', '--database-url', (config as { url: string }).url, '--manifest', manifest, '--port', String(port), '--host', '127.0.0.1'], { signal: abort.signal });
      const base = `http://127.0.0.1:${port}`;
      await waitFor('the webserver to answer', async () => (await fetch(`${base}/health`).catch(() => undefined))?.ok);
      expect((await fetch(`${base}/ready`)).status).toBe(200);
      // anonymous_read from the manifest; the ci token may trigger; the admin token is known.
      expect((await fetch(`${base}/api/v1/runs`)).status).toBe(200);
      expect(await (await fetch(`${base}/api/v1/auth/whoami`, { headers: { authorization: 'Bearer ci-token-0123456789abcdef' } })).json()).toMatchObject({ name: 'ci', role: 'operator' });
      expect(await (await fetch(`${base}/api/v1/auth/whoami`, { headers: { authorization: 'Bearer admin-token-0123456789abcdef' } })).json()).toMatchObject({ name: 'admin', role: 'admin' });
      expect((await fetch(`${base}/api/v1/runs`, { method: 'POST' })).status).toBe(401);
      abort.abort();
      const stopped = await serving;
      expect(stopped.code).toBe(0);
      expect(stopped.err).toContain(`listening on http://127.0.0.1:${port}`);
      await expect(fetch(`${base}/health`)).rejects.toThrow();
    } finally {
      delete process.env.FLOE_TEST_CI_TOKEN;
      delete process.env.FLOE_ADMIN_TOKEN;
    }
  });
});
