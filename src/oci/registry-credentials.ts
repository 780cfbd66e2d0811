/**
 * Registry credentials: FLOE_REGISTRY_USERNAME + FLOE_REGISTRY_PASSWORD when
 * set, otherwise the docker config (`$DOCKER_CONFIG/config.json` or
 * `~/.docker/config.json`, its `auths` entry for the registry — what
 * `docker login` writes). Credential helpers (`credsStore`) are not run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface RegistryCredentials {
  username: string;
  password: string;
}

export function registryCredentials(registry: string, environment: NodeJS.ProcessEnv = process.env): RegistryCredentials | undefined {
  if (environment.FLOE_REGISTRY_USERNAME && environment.FLOE_REGISTRY_PASSWORD) {
    return { username: environment.FLOE_REGISTRY_USERNAME, password: environment.FLOE_REGISTRY_PASSWORD };
  }
  const path = join(environment.DOCKER_CONFIG ?? join(environment.HOME ?? homedir(), '.docker'), 'config.json');
  if (!existsSync(path)) return undefined;
  let config: { auths?: Record<string, { auth?: string; username?: string; password?: string }> };
  try {
    config = JSON.parse(readFileSync(path, 'utf8')) as typeof config;
  } catch {
    return undefined;
  }
  const entry = Object.entries(config.auths ?? {}).find(([key]) => key.replace(/^https?:\/\//, '').replace(/\/.*$/, '') === registry)?.[1];
  if (!entry) return undefined;
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  if (!entry.auth) return undefined;
  const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
