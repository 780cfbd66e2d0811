/**
 * A real OCI registry for tests: Debian's `docker-registry` (the CNCF
 * distribution registry, v2.8), started on a free localhost port with its own
 * storage folder, optionally behind htpasswd basic auth. .ci/run installs it;
 * tests skip locally (with a message) when it is missing, and fail under CI.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const registryAvailable = spawnSync('docker-registry', ['--version']).status === 0;

/** Call at the top of a test file: throws under CI when the registry is missing, warns otherwise. */
export function requireRegistry(file: string): boolean {
  if (registryAvailable) return true;
  if (process.env.CI === 'true') throw new Error('docker-registry is missing: .ci/run installs Debian\'s docker-registry package');
  console.warn(`${file}: skipped, docker-registry is not installed (apt-get install docker-registry apache2-utils)`);
  return false;
}

export interface TestRegistry {
  /** host:port, e.g. 127.0.0.1:41234 */
  address: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startRegistry(options: { username?: string; password?: string } = {}): Promise<TestRegistry> {
  const directory = mkdtempSync(join(tmpdir(), 'floe-registry-'));
  const port = await freePort();
  const auth: string[] = [];
  if (options.username && options.password) {
    const htpasswd = spawnSync('htpasswd', ['-Bbn', options.username, options.password], { encoding: 'utf8' });
    if (htpasswd.status !== 0) throw new Error(`htpasswd failed: ${htpasswd.stderr}`);
    writeFileSync(join(directory, 'htpasswd'), htpasswd.stdout);
    auth.push('auth:', '  htpasswd:', '    realm: floe-test', `    path: ${join(directory, 'htpasswd')}`);
  }
  writeFileSync(
    join(directory, 'config.yml'),
    ['version: 0.1', 'log:', '  level: error', '  accesslog:', '    disabled: true', 'storage:', '  filesystem:', `    rootdirectory: ${join(directory, 'data')}`, 'http:', `  addr: 127.0.0.1:${port}`, ...auth, ''].join('\n'),
  );
  const child: ChildProcess = spawn('docker-registry', ['serve', join(directory, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const address = `127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    try {
      const response = await fetch(`http://${address}/v2/`);
      if (response.status === 200 || response.status === 401) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || attempt > 100) throw new Error(`docker-registry did not start: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    address,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
