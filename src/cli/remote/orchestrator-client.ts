/**
 * The CLI's client for an orchestrator's REST API v1, typed with the API's
 * own shapes (src/server/api-types.ts). A problem document becomes a
 * FloeError with the server's code, detail and hint; an unreachable server
 * says where it looked.
 */
import { FloeError } from '../../errors/index.js';
import type {
  ApiProblem,
  ApiProductDetail,
  ApiRegisteredVersion,
  ApiRun,
  ApiRunEvent,
  ApiRunEventList,
  ApiRunList,
  ApiStepList,
  ApiTriggerRunRequest,
  ApiWhoAmI,
} from '../../server/index.js';
import { BUNDLE_MEDIA_TYPE } from '../../orchestrator/index.js';
import { readServerSentEvents } from './server-sent-events.js';

export interface OrchestratorClientOptions {
  /** Base URL, e.g. https://floe.example.com (a trailing slash or /api/v1 is fine). */
  url: string;
  token?: string;
}

export interface ListRunsQuery {
  product?: string;
  status?: string[];
  limit?: number;
  cursor?: string;
}

/** What an event tail delivers, in order; it ends after `end`. */
export type RunStreamItem = { kind: 'run'; run: ApiRun } | { kind: 'event'; event: ApiRunEvent } | { kind: 'end'; run: ApiRun };

export class OrchestratorClient {
  readonly baseUrl: string;
  readonly #token: string | undefined;

  constructor(options: OrchestratorClientOptions) {
    this.baseUrl = options.url.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
    this.#token = options.token;
  }

  whoAmI(): Promise<ApiWhoAmI> {
    return this.#json('GET', '/api/v1/auth/whoami');
  }

  registerBundle(bytes: Uint8Array, digest: string): Promise<ApiRegisteredVersion> {
    return this.#json('POST', `/api/v1/products?digest=${encodeURIComponent(digest)}`, { body: bytes, contentType: BUNDLE_MEDIA_TYPE });
  }

  getProduct(name: string, query: { version?: string; environment?: string } = {}): Promise<ApiProductDetail> {
    return this.#json('GET', `/api/v1/products/${encodeURIComponent(name)}${queryString(query)}`);
  }

  triggerRun(request: ApiTriggerRunRequest): Promise<ApiRun> {
    return this.#json('POST', '/api/v1/runs', { body: JSON.stringify(request), contentType: 'application/json' });
  }

  getRun(id: string): Promise<ApiRun> {
    return this.#json('GET', `/api/v1/runs/${encodeURIComponent(id)}`);
  }

  listRuns(query: ListRunsQuery = {}): Promise<ApiRunList> {
    return this.#json('GET', `/api/v1/runs${queryString({ ...query, status: query.status?.join(',') })}`);
  }

  getSteps(id: string): Promise<ApiStepList> {
    return this.#json('GET', `/api/v1/runs/${encodeURIComponent(id)}/steps`);
  }

  getEvents(id: string, query: { afterId?: number; step?: string; limit?: number } = {}): Promise<ApiRunEventList> {
    return this.#json('GET', `/api/v1/runs/${encodeURIComponent(id)}/events${queryString(query)}`);
  }

  reexecuteRun(id: string): Promise<ApiRun> {
    return this.#json('POST', `/api/v1/runs/${encodeURIComponent(id)}/reexecute`);
  }

  cancelRun(id: string): Promise<ApiRun> {
    return this.#json('POST', `/api/v1/runs/${encodeURIComponent(id)}/cancel`);
  }

  /** The run's events live (Server-Sent Events) until it finishes or `signal` aborts. */
  async *followRun(id: string, options: { afterId?: number; step?: string; signal?: AbortSignal } = {}): AsyncGenerator<RunStreamItem> {
    const response = await this.#fetch('GET', `/api/v1/runs/${encodeURIComponent(id)}/events/stream${queryString({ afterId: options.afterId, step: options.step })}`, {
      accept: 'text/event-stream',
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (!response.body) return;
    try {
      for await (const message of readServerSentEvents(response.body)) {
        const data: unknown = JSON.parse(message.data);
        if (message.event === 'event') yield { kind: 'event', event: data as ApiRunEvent };
        else if (message.event === 'run') yield { kind: 'run', run: data as ApiRun };
        else if (message.event === 'end') {
          yield { kind: 'end', run: data as ApiRun };
          return;
        } else if (message.event === 'error') throw problemError(data as ApiProblem);
      }
    } catch (error) {
      if (options.signal?.aborted) return;
      throw error;
    }
  }

  async #json<T>(method: string, path: string, options: { body?: Uint8Array | string; contentType?: string } = {}): Promise<T> {
    const response = await this.#fetch(method, path, { accept: 'application/json', ...options });
    return (await response.json()) as T;
  }

  async #fetch(method: string, path: string, options: { accept: string; body?: Uint8Array | string; contentType?: string; signal?: AbortSignal }): Promise<Response> {
    const url = `${this.baseUrl}${path}`;
    const headers: Record<string, string> = { accept: `${options.accept}, application/problem+json` };
    if (this.#token) headers.authorization = `Bearer ${this.#token}`;
    if (options.contentType) headers['content-type'] = options.contentType;
    let response: Response;
    try {
      response = await fetch(url, { method, headers, ...(options.body !== undefined ? { body: options.body } : {}), ...(options.signal ? { signal: options.signal } : {}) });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      throw new FloeError('FLOE_REMOTE_UNREACHABLE', `Cannot reach the orchestrator at ${this.baseUrl}: ${cause}.`, {
        hint: 'Check --url / FLOE_URL (or the environment\'s orchestrator.url in the manifest) and that the webserver is running.',
        cause: error,
      });
    }
    if (response.ok) return response;
    const text = await response.text();
    let problem: ApiProblem | undefined;
    try {
      problem = JSON.parse(text) as ApiProblem;
    } catch {
      problem = undefined;
    }
    if (problem && typeof problem.code === 'string') throw problemError(problem);
    throw new FloeError('FLOE_REMOTE_ERROR', `The orchestrator at ${this.baseUrl} answered ${method} ${path} with HTTP ${response.status}: ${text.slice(0, 200)}`);
  }
}

function problemError(problem: ApiProblem): FloeError {
  const hint = problem.code === 'FLOE_API_UNAUTHORIZED' ? 'Pass --token, set FLOE_TOKEN, or name the token\'s secret in the environment\'s orchestrator.token_secret_ref.' : problem.hint;
  return new FloeError(problem.code, problem.detail, hint ? { hint } : {});
}

function queryString(query: Record<string, string | number | undefined>): string {
  const parts = Object.entries(query).filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '');
  return parts.length === 0 ? '' : `?${parts.map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`).join('&')}`;
}
