/** Whether a Docker engine answers (`docker info`), and `docker compose up -d` of the dev stack. */
import { spawnSync } from 'node:child_process';
import { FloeError } from '../../errors/index.js';

export interface EngineCheck {
  available: boolean;
  /** Why not, for people. */
  reason?: string;
}

export function dockerEngine(environment: NodeJS.ProcessEnv = process.env): EngineCheck {
  const result = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', env: environment, timeout: 15_000 });
  if (result.error) return { available: false, reason: (result.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'docker is not installed (not on PATH)' : result.error.message };
  if (result.status !== 0) return { available: false, reason: (result.stderr || result.stdout).trim().split('\n')[0] || `docker info exited ${result.status}` };
  return { available: true };
}

export function composeUp(composeFile: string, project: string, environment: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync('docker', ['compose', '--file', composeFile, '--project-name', project, 'up', '--detach', '--wait'], { encoding: 'utf8', env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error || result.status !== 0) {
    throw new FloeError('FLOE_DEV_COMPOSE_FAILED', `docker compose up failed: ${(result.stderr || result.error?.message || '').trim().split('\n').slice(-3).join(' ')}`, {
      hint: `see the logs: docker compose --file ${composeFile} --project-name ${project} logs`,
    });
  }
}
