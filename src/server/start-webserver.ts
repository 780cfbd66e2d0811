/**
 * `floe orchestrator webserver`: settings from flags, then the environment,
 * then the manifest (`orchestrator.webserver`), then defaults; the store
 * opened without migrating (an outdated schema is refused, naming
 * `floe orchestrator migrate`); tokens resolved from their secret
 * references; then listen.
 */
import type { FastifyInstance } from 'fastify';
import { resolveManifestChain, type WebserverSettings } from '../config/index.js';
import { FloeError, FloeErrors } from '../errors/index.js';
import { bundleLimitsFromEnv, DATABASE_URL_ENV, openServiceStateStore, stateStoreConfigFromUrl, type StateStore } from '../orchestrator/index.js';
import { createLogger, type FloeLogger } from '../observability/index.js';
import { resolveApiAuth } from './auth/api-tokens.js';
import { createWebserver } from './create-webserver.js';

export const PORT_ENV = 'FLOE_PORT';
export const HOST_ENV = 'FLOE_HOST';
export const UI_DIR_ENV = 'FLOE_UI_DIR';
export const MANIFEST_ENV = 'FLOE_MANIFEST';
const DEFAULT_PORT = 3000;
const DEFAULT_HOST = '0.0.0.0';

type Env = Record<string, string | undefined>;

export interface StartWebserverOptions {
  /** --database-url; else FLOE_DATABASE_URL. */
  databaseUrl?: string;
  /** --port; else FLOE_PORT, the manifest, 3000. */
  port?: number;
  /** --host; else FLOE_HOST, 0.0.0.0. */
  host?: string;
  /** --manifest; else FLOE_MANIFEST: the platform manifest whose orchestrator.webserver applies. */
  manifestPath?: string;
  /** --ui-dir; else FLOE_UI_DIR, the manifest, ui/dist. */
  uiDir?: string;
  /** --anonymous-read: overrides orchestrator.webserver.anonymous_read. */
  anonymousRead?: boolean;
  env?: Env;
  /** Default: JSON lines on stdout. */
  logger?: FloeLogger;
}

export interface WebserverStartSettings {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  uiDir: string | undefined;
  webserver: Pick<WebserverSettings, 'anonymous_read' | 'tokens'>;
}

export interface RunningWebserver {
  app: FastifyInstance;
  store: StateStore;
  /** e.g. http://127.0.0.1:3000 */
  url: string;
  /** Stops taking requests, lets open ones finish, closes the store. */
  close(): Promise<void>;
}

function portFrom(text: string, where: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new FloeError('FLOE_WEBSERVER_PORT_INVALID', `${where} must be a port number (0–65535), got "${text}".`, { hint: 'e.g. --port 3000' });
  return port;
}

function manifestWebserver(path: string | undefined): WebserverSettings | undefined {
  if (!path) return undefined;
  const chain = resolveManifestChain(path);
  if (chain.errors.length > 0 || !chain.effective) throw new FloeErrors(chain.errors.length > 0 ? chain.errors : [new FloeError('FLOE_MANIFEST_INVALID', `${path} could not be read.`)]);
  return chain.effective.orchestrator.webserver;
}

export function webserverSettingsFrom(options: StartWebserverOptions): WebserverStartSettings {
  const env = options.env ?? process.env;
  const fromManifest = manifestWebserver(options.manifestPath ?? env[MANIFEST_ENV]);
  const envPort = env[PORT_ENV];
  const port = options.port ?? (envPort !== undefined && envPort !== '' ? portFrom(envPort, PORT_ENV) : (fromManifest?.port ?? DEFAULT_PORT));
  return {
    port,
    host: options.host ?? (env[HOST_ENV] || DEFAULT_HOST),
    databaseUrl: options.databaseUrl ?? env[DATABASE_URL_ENV],
    uiDir: options.uiDir ?? (env[UI_DIR_ENV] || fromManifest?.ui_dir),
    webserver: { anonymous_read: options.anonymousRead ?? fromManifest?.anonymous_read ?? false, tokens: fromManifest?.tokens ?? [] },
  };
}

export async function startWebserver(options: StartWebserverOptions = {}): Promise<RunningWebserver> {
  const env = options.env ?? process.env;
  const settings = webserverSettingsFrom(options);
  const auth = resolveApiAuth(settings.webserver, env);
  const logger = options.logger ?? (await createLogger({ base: { service: 'floe-webserver' }, redact: auth.tokens.map((token) => token.token) }));
  const store = await openServiceStateStore(stateStoreConfigFromUrl(settings.databaseUrl));
  try {
    const app = await createWebserver({ store, auth, logger, bundleLimits: bundleLimitsFromEnv(env), ...(settings.uiDir ? { uiDir: settings.uiDir } : {}) });
    if (auth.tokens.length === 0 && !auth.anonymousRead) {
      logger.warn('No API tokens are configured: every API request will be refused. Set FLOE_ADMIN_TOKEN, or orchestrator.webserver.tokens in the manifest.');
    }
    const address = await app.listen({ port: settings.port, host: settings.host });
    const url = address.replace('://0.0.0.0', '://127.0.0.1').replace('://[::]', '://127.0.0.1');
    return {
      app,
      store,
      url,
      async close() {
        await app.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
