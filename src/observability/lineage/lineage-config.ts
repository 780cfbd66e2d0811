import { FloeError } from '../../errors/index.js';

export type LineageTransportKind = 'http' | 'file' | 'console' | 'none';

/** How lineage leaves the process (manifest `observability.lineage`, or the OPENLINEAGE_* environment). */
export interface LineageConfig {
  transport: LineageTransportKind;
  /** http: base URL of the Marquez-compatible API. */
  endpoint?: string;
  /** The job namespace events carry. */
  namespace: string;
  /** http: bearer token (resolved from its secret reference by the caller). */
  apiKey?: string;
  /** file: path of the JSON-lines file. */
  file?: string;
  /** console: where to write (default: process.stdout). */
  stream?: NodeJS.WritableStream;
  timeoutMs?: number;
  maxRetries?: number;
  retryBaseDelayMs?: number;
}

export const DEFAULT_LINEAGE_NAMESPACE = 'default';

/**
 * Lineage settings from `OPENLINEAGE_URL` / `OPENLINEAGE_NAMESPACE` /
 * `OPENLINEAGE_API_KEY`: an URL means the http transport, none means `none`.
 */
export function lineageConfigFromEnv(env: NodeJS.ProcessEnv = process.env): LineageConfig {
  const endpoint = env.OPENLINEAGE_URL?.trim();
  return {
    transport: endpoint ? 'http' : 'none',
    ...(endpoint ? { endpoint } : {}),
    namespace: env.OPENLINEAGE_NAMESPACE?.trim() || DEFAULT_LINEAGE_NAMESPACE,
    ...(env.OPENLINEAGE_API_KEY ? { apiKey: env.OPENLINEAGE_API_KEY } : {}),
  };
}

/** Throws FLOE_LINEAGE_CONFIG_INVALID when a transport lacks what it needs. */
export function checkLineageConfig(config: LineageConfig): void {
  const kinds: LineageTransportKind[] = ['http', 'file', 'console', 'none'];
  if (!kinds.includes(config.transport)) {
    throw new FloeError('FLOE_LINEAGE_CONFIG_INVALID', `Unknown lineage transport "${String(config.transport)}".`, { hint: `Use one of: ${kinds.join(', ')}.` });
  }
  if (config.transport === 'http') {
    let url: URL | undefined;
    try {
      url = config.endpoint ? new URL(config.endpoint) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new FloeError('FLOE_LINEAGE_CONFIG_INVALID', `The http lineage transport needs an http(s) endpoint, got ${config.endpoint ? `"${config.endpoint}"` : 'none'}.`, {
        hint: 'Set the lineage endpoint in the manifest or OPENLINEAGE_URL, e.g. http://marquez-api:5000.',
      });
    }
  }
  if (config.transport === 'file' && !config.file) {
    throw new FloeError('FLOE_LINEAGE_CONFIG_INVALID', 'The file lineage transport needs a file path.', { hint: 'Set `file:` to where the JSON lines should go, e.g. .floe/lineage.jsonl.' });
  }
}
