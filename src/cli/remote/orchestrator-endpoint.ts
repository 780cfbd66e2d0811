/**
 * Which orchestrator a command talks to, if any: `--url` / `FLOE_URL` (with
 * `--token` / `FLOE_TOKEN`), else the environment's `orchestrator` in the
 * product's manifest (`environments.<env>.orchestrator.url`, its token from
 * `token_secret_ref`). None: the command works locally.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EnvironmentName } from '../../config/index.js';
import { FloeError } from '../../errors/index.js';
import { CLI_PRODUCT_FILE_NAMES } from '../config-constants.js';

export const URL_ENV = 'FLOE_URL';
export const TOKEN_ENV = 'FLOE_TOKEN';

export interface OrchestratorEndpointOptions {
  url?: string;
  token?: string;
  /** The product folder whose manifest may name the environment's orchestrator. */
  projectDir?: string;
  /** Only with an environment does the manifest's setting count. */
  environment?: EnvironmentName;
  env?: Record<string, string | undefined>;
}

export interface OrchestratorEndpoint {
  url: string;
  token?: string;
  /** Where the URL came from, for messages. */
  source: 'flag' | 'environment variable' | 'manifest';
}

function checkedUrl(url: string, where: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FloeError('FLOE_CLI_URL', `${where} must be an http(s) URL, got '${url}'`, { hint: 'e.g. --url http://localhost:3000' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new FloeError('FLOE_CLI_URL', `${where} must be an http(s) URL, got '${url}'`, { hint: 'e.g. --url https://floe.example.com' });
  return url;
}

export async function orchestratorEndpoint(options: OrchestratorEndpointOptions): Promise<OrchestratorEndpoint | undefined> {
  const env = options.env ?? process.env;
  const token = options.token ?? (env[TOKEN_ENV] || undefined);
  if (options.url) return { url: checkedUrl(options.url, '--url'), ...(token ? { token } : {}), source: 'flag' };
  const fromEnv = env[URL_ENV];
  if (fromEnv) return { url: checkedUrl(fromEnv, URL_ENV), ...(token ? { token } : {}), source: 'environment variable' };
  if (!options.environment || !options.projectDir) return undefined;
  if (!CLI_PRODUCT_FILE_NAMES.some((name) => existsSync(join(options.projectDir!, name)))) return undefined;
  // Only a data product's manifest can name one; loading it costs the config schemas, so only here.
  const { effectiveSettings, loadDataProduct, resolveSecretRef } = await import('../../config/index.js');
  const loaded = loadDataProduct(options.projectDir);
  // A manifest that does not load names no orchestrator; the command (compile) reports why it does not load.
  if (!loaded.manifest) return undefined;
  const endpoint = effectiveSettings(loaded.manifest, options.environment).orchestrator_endpoint;
  if (!endpoint) return undefined;
  const manifestToken = token ?? (endpoint.token_secret_ref ? resolveSecretRef(endpoint.token_secret_ref, { env }) : undefined);
  return { url: endpoint.url, ...(manifestToken ? { token: manifestToken } : {}), source: 'manifest' };
}
