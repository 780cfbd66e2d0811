/**
 * A TEST DOUBLE of the Kubernetes API server: one local HTTP server, shared by
 * every floe test that talks to Kubernetes (platform commands, the Kubernetes
 * run launcher, leader election). It speaks the API's JSON over plain HTTP, so
 * the real `@kubernetes/client-node@1` client (and anything else reading a
 * kubeconfig) talks to it unchanged. There is no scheduler, no controllers and
 * no admission: tests play those parts through the methods below.
 *
 * What it serves
 * - Discovery (`/version`, `/api`, `/apis`, `/api/v1`, `/apis/G/V`) for the
 *   kinds in `resource-types.ts` (core, apps, batch, coordination, rbac,
 *   networking, policy, autoscaling, monitoring.coreos.com); add more with
 *   `registerResourceType`. Objects are stored by group, kind, namespace and name.
 * - create (POST; `generateName`), get, list (`labelSelector` with `=`, `!=`,
 *   `in`, `notin`, exists, `!`; `fieldSelector`), replace (PUT), patch (JSON
 *   Patch — client-node's default —, merge patch, strategic merge patch as far
 *   as named lists go, server-side apply as a merge that creates), delete
 *   (owner-reference cascade unless `propagationPolicy=Orphan`; Jobs orphan by
 *   default, as the real server does), deletecollection, `dryRun=All`.
 * - `metadata.resourceVersion` on every write (one counter for the server):
 *   a PUT/PATCH carrying a stale resourceVersion gets 409 Conflict, a create of
 *   an existing name 409 AlreadyExists, a missing object 404 NotFound — each a
 *   `Status` object like the real server's. `metadata.generation` moves when
 *   anything outside metadata and status changes.
 * - Status subresources (`/status`): for kinds that have one, writes to the
 *   main resource keep the stored status and writes to `/status` change only it.
 * - Watches (`?watch=true` or `?watch=1`): a stream of `{"type","object"}`
 *   lines; without a `resourceVersion` (or with "0") it starts with ADDED for
 *   what exists, with one it replays the changes after it; `timeoutSeconds`.
 * - Pod logs (`/api/v1/namespaces/N/pods/P/log`, `container`, `follow`,
 *   `tailLines`): 400 while the pod is Pending, like the real server; with
 *   `follow=true` the stream stays open until the pod finishes or `endPodLog`.
 * - Service proxy (`/api/v1/namespaces/N/services/NAME:PORT/proxy/PATH`):
 *   answered by the handler a test registers with `serveServiceProxy`, 503 otherwise.
 * - Bearer-token auth: requests without `Authorization: Bearer <token>` get 401.
 *
 * What tests do with it
 * ```ts
 * const api = await KubernetesApiDouble.start();              // one per test file
 * const kubeconfigPath = api.writeKubeconfig(dir);            // KUBECONFIG for a subprocess
 * const core = api.kubeConfig().makeApiClient(CoreV1Api);     // or in-process client-node
 * api.setWorkloadReady('Deployment', 'floe', 'web', 2);       // play the controllers
 * api.setPodPhase('floe', 'run-1-abcde', 'Failed', { exitCode: 1 });
 * api.appendPodLog('floe', 'run-1-abcde', 'line one\n');
 * api.requestsTo({ verb: 'create', kind: 'Job' });            // what the client sent
 * api.get('batch/v1', 'Job', 'run-1', 'floe');                // what is stored
 * api.intercept({ verb: 'create', kind: 'Job' }, () => ({ status: 500, body: … })); // inject failures
 * api.onChange({ kind: 'Job', type: 'ADDED' }, ({ object }) => …);                 // simulate a controller
 * api.simulateJobPods();                                      // a created Job gets its Pod (Pending)
 * await api.close();
 * ```
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';
import { BUILT_IN_RESOURCE_TYPES, apiVersionOf, splitApiVersion, type ResourceType } from './kubernetes-api-double/resource-types.js';
import { jsonPatch, mergePatch, PatchError, strategicMergePatch, type JsonPatchOperation } from './kubernetes-api-double/patches.js';
import { fieldSelectorMatcher, labelSelectorMatcher, SelectorError, type ObjectMatcher } from './kubernetes-api-double/selectors.js';

export type { ResourceType } from './kubernetes-api-double/resource-types.js';

/** A Kubernetes object as JSON. Loose on purpose: the double stores whatever a client sends. */
export type KubernetesObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: unknown;
  status?: unknown;
  [field: string]: unknown;
};
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
  [field: string]: unknown;
}

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection' | 'log' | 'proxy' | 'discovery';

export interface RecordedRequest {
  method: string;
  /** The URL path, without the query. */
  path: string;
  query: Record<string, string>;
  verb: Verb;
  kind?: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** For `services/NAME:PORT/proxy/PATH`: the PATH (with a leading /). */
  proxyPath?: string;
  contentType?: string;
  /** The parsed JSON (or YAML, for apply) body, when there was one. */
  body?: unknown;
}

export interface RequestFilter {
  verb?: Verb;
  kind?: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export interface DoubleResponse {
  status: number;
  body: unknown;
}

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';
export interface Change {
  type: ChangeType;
  object: KubernetesObject;
}

export interface KubernetesApiDoubleOptions {
  /** The bearer token clients must send (default `test-double-token`). */
  token?: string;
  /** Reject creates in a namespace that does not exist, like the real server (default false). */
  requireNamespaces?: boolean;
}

interface StoredChange extends Change {
  resourceVersion: number;
  resource: ResourceType;
}

interface Watcher {
  resource: ResourceType;
  namespace?: string;
  matches: ObjectMatcher;
  send(change: Change): void;
}

interface PodLog {
  text: string;
  ended: boolean;
  followers: Set<ServerResponse>;
}

interface ParsedPath {
  resource: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  proxyPath?: string;
}

const CORE_DISCOVERY_PREFIX = '/api/v1';

class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

function statusBody(code: number, reason: string, message: string, details?: Record<string, unknown>): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code };
}

const clone = <T>(value: T): T => structuredClone(value);
const NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export class KubernetesApiDouble {
  /** Every request the server answered, in order. */
  readonly requests: RecordedRequest[] = [];
  readonly token: string;
  private readonly types: ResourceType[] = [...BUILT_IN_RESOURCE_TYPES];
  private readonly objects = new Map<string, KubernetesObject>();
  private readonly history: StoredChange[] = [];
  private readonly watchers = new Set<Watcher>();
  private readonly logs = new Map<string, PodLog>();
  private readonly interceptors: { filter: RequestFilter; handler: (request: RecordedRequest) => DoubleResponse | undefined }[] = [];
  private readonly proxies = new Map<string, (path: string, request: RecordedRequest) => DoubleResponse>();
  private readonly changeListeners: { filter: { kind?: string; type?: ChangeType; namespace?: string }; handler: (change: Change) => void }[] = [];
  private resourceVersion = 0;
  private uidCounter = 0;
  private nameCounter = 0;

  private constructor(
    private readonly server: Server,
    private readonly options: KubernetesApiDoubleOptions,
  ) {
    this.token = options.token ?? 'test-double-token';
  }

  static async start(options: KubernetesApiDoubleOptions = {}): Promise<KubernetesApiDouble> {
    const handlers: { handle?: (request: IncomingMessage, response: ServerResponse) => Promise<void> } = {};
    const server = createServer((request, response) => {
      void handlers.handle?.(request, response);
    });
    const double = new KubernetesApiDouble(server, options);
    handlers.handle = (request, response) => double.handle(request, response);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return double;
  }

  get url(): string {
    const address = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  /** A kubeconfig (YAML) whose current context points at this server. */
  kubeconfig(namespace = 'default'): string {
    return [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '  - name: test-double',
      // client-node refuses plain http unless the cluster skips TLS verification.
      `    cluster: {server: "${this.url}", insecure-skip-tls-verify: true}`,
      'users:',
      '  - name: test-double',
      `    user: {token: "${this.token}"}`,
      'contexts:',
      '  - name: test-double',
      `    context: {cluster: test-double, user: test-double, namespace: "${namespace}"}`,
      'current-context: test-double',
      '',
    ].join('\n');
  }

  /** Writes `kubeconfig` into `directory`; returns its path (for `KUBECONFIG=`). */
  writeKubeconfig(directory: string, namespace?: string): string {
    const path = join(directory, 'kubeconfig.yaml');
    writeFileSync(path, this.kubeconfig(namespace));
    return path;
  }

  /** A client-node KubeConfig for in-process clients. */
  kubeConfig(namespace?: string): KubeConfig {
    const config = new KubeConfig();
    config.loadFromString(this.kubeconfig(namespace));
    return config;
  }

  registerResourceType(resource: ResourceType): void {
    this.types.push(resource);
  }

  // ── What tests read ───────────────────────────────────────────────────

  requestsTo(filter: RequestFilter): RecordedRequest[] {
    return this.requests.filter((request) => matchesFilter(request, filter));
  }

  get(apiVersion: string, kind: string, name: string, namespace?: string): KubernetesObject | undefined {
    const resource = this.typeOf(apiVersion, kind);
    const stored = this.objects.get(this.key(resource, resource.namespaced ? namespace : undefined, name));
    return stored ? clone(stored) : undefined;
  }

  list(apiVersion: string, kind: string, options: { namespace?: string; labelSelector?: string } = {}): KubernetesObject[] {
    const resource = this.typeOf(apiVersion, kind);
    const matches = labelSelectorMatcher(options.labelSelector ?? null);
    return this.objectsOf(resource, options.namespace).filter((object) => matches(object as Record<string, unknown>)).map(clone);
  }

  // ── What tests change (as a controller or kubelet would) ──────────────

  /** Stores an object as if a client had created it (status kept). */
  put(object: KubernetesObject): KubernetesObject {
    const resource = this.typeOf(object.apiVersion ?? '', object.kind ?? '');
    const namespace = resource.namespaced ? (object.metadata?.namespace ?? 'default') : undefined;
    const existing = this.objects.get(this.key(resource, namespace, object.metadata?.name ?? ''));
    return existing ? this.store(resource, this.withMetadata(resource, object, existing), 'MODIFIED') : this.insert(resource, namespace, clone(object));
  }

  /** Merges `status` into the stored object's status (a `null` removes a key). */
  setStatus(apiVersion: string, kind: string, name: string, namespace: string | undefined, status: Record<string, unknown>): KubernetesObject {
    const resource = this.typeOf(apiVersion, kind);
    const existing = this.require(resource, resource.namespaced ? namespace : undefined, name);
    const next = clone(existing);
    next.status = mergePatch((existing.status ?? {}) as never, status as never);
    next.metadata = { ...next.metadata, resourceVersion: undefined };
    return this.store(resource, this.withMetadata(resource, next, existing), 'MODIFIED');
  }

  /** A Deployment, StatefulSet or DaemonSet reports `ready` of its replicas ready (and observed its generation). */
  setWorkloadReady(kind: 'Deployment' | 'StatefulSet' | 'DaemonSet', namespace: string, name: string, ready: number): KubernetesObject {
    const existing = this.require(this.typeOf('apps/v1', kind), namespace, name);
    const desired = kind === 'DaemonSet' ? ready : (((existing.spec as { replicas?: number } | undefined)?.replicas ?? 1) as number);
    const observedGeneration = existing.metadata?.generation ?? 1;
    const status =
      kind === 'DaemonSet'
        ? { desiredNumberScheduled: desired, currentNumberScheduled: desired, numberReady: ready, numberAvailable: ready, updatedNumberScheduled: desired, observedGeneration }
        : { replicas: desired, readyReplicas: ready, availableReplicas: ready, updatedReplicas: desired, currentReplicas: desired, observedGeneration };
    return this.setStatus('apps/v1', kind, name, namespace, status);
  }

  /** Moves a pod to `phase`; Running pods are ready unless `ready: false`. A finished pod ends its log streams. */
  setPodPhase(
    namespace: string,
    name: string,
    phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed',
    detail: { ready?: boolean; exitCode?: number; reason?: string; message?: string } = {},
  ): KubernetesObject {
    const pod = this.require(this.typeOf('v1', 'Pod'), namespace, name);
    const containers = ((pod.spec as { containers?: { name: string }[] } | undefined)?.containers ?? [{ name: 'main' }]).map((container) => container.name);
    const ready = phase === 'Running' && detail.ready !== false;
    const state =
      phase === 'Running'
        ? { running: { startedAt: new Date().toISOString() } }
        : phase === 'Pending'
          ? { waiting: { reason: detail.reason ?? 'ContainerCreating' } }
          : { terminated: { exitCode: detail.exitCode ?? (phase === 'Failed' ? 1 : 0), reason: detail.reason ?? (phase === 'Failed' ? 'Error' : 'Completed'), message: detail.message } };
    const updated = this.setStatus('v1', 'Pod', name, namespace, {
      phase,
      reason: phase === 'Failed' ? (detail.reason ?? null) : null,
      message: detail.message ?? null,
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: containers.map((container) => ({ name: container, ready, restartCount: 0, state, image: 'test-double', imageID: '' })),
    });
    if (phase === 'Succeeded' || phase === 'Failed') {
      for (const [key, log] of this.logs) if (key.startsWith(`${namespace}/${name}/`)) this.finishLog(log);
    }
    return updated;
  }

  /** Appends to a pod's log (the pod's first container unless `container` is given). */
  appendPodLog(namespace: string, pod: string, text: string, container?: string): void {
    const log = this.podLog(namespace, pod, container);
    log.text += text;
    for (const follower of log.followers) follower.write(text);
  }

  /** Ends the pod's log: following readers see the stream close. */
  endPodLog(namespace: string, pod: string, container?: string): void {
    this.finishLog(this.podLog(namespace, pod, container));
  }

  /** Removes an object as a client's delete would (cascading to what it owns). */
  remove(apiVersion: string, kind: string, name: string, namespace?: string): void {
    const resource = this.typeOf(apiVersion, kind);
    this.deleteObject(resource, this.require(resource, resource.namespaced ? namespace : undefined, name), 'Background');
  }

  /**
   * Plays the Job controller's first step: each created Job gets one Pod
   * (`<job>-<suffix>`, labels `job-name` and `batch.kubernetes.io/job-name`,
   * owned by the Job, Pending). `finishJob` plays its last step.
   */
  simulateJobPods(): void {
    this.onChange({ kind: 'Job', type: 'ADDED' }, ({ object }) => {
      const job = object as KubernetesObject & { spec?: { template?: { metadata?: ObjectMeta; spec?: unknown } } };
      const jobName = job.metadata?.name ?? '';
      this.put({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${jobName}-${this.nextSuffix()}`,
          namespace: job.metadata?.namespace,
          labels: { ...(job.spec?.template?.metadata?.labels ?? {}), 'job-name': jobName, 'batch.kubernetes.io/job-name': jobName, 'controller-uid': job.metadata?.uid ?? '' },
          annotations: job.spec?.template?.metadata?.annotations,
          ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: jobName, uid: job.metadata?.uid ?? '', controller: true }],
        },
        spec: clone(job.spec?.template?.spec ?? {}),
        status: { phase: 'Pending' },
      });
    });
  }

  /** The Job's pods end in `outcome`, and the Job reports Complete or Failed as the Job controller would. */
  finishJob(namespace: string, name: string, outcome: 'Succeeded' | 'Failed', detail: { exitCode?: number; message?: string } = {}): KubernetesObject {
    for (const pod of this.list('v1', 'Pod', { namespace, labelSelector: `job-name=${name}` })) {
      this.setPodPhase(namespace, pod.metadata?.name ?? '', outcome, { exitCode: detail.exitCode, message: detail.message });
    }
    const now = new Date().toISOString();
    const condition = outcome === 'Succeeded' ? { type: 'Complete', status: 'True', lastTransitionTime: now } : { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: detail.message ?? 'Job has reached the specified backoff limit', lastTransitionTime: now };
    return this.setStatus('batch/v1', 'Job', name, namespace, {
      active: 0,
      succeeded: outcome === 'Succeeded' ? 1 : 0,
      failed: outcome === 'Failed' ? 1 : 0,
      completionTime: outcome === 'Succeeded' ? now : null,
      conditions: [condition],
    });
  }

  /** Answers matching requests with the handler's response instead (return undefined to pass). */
  intercept(filter: RequestFilter, handler: (request: RecordedRequest) => DoubleResponse | undefined): void {
    this.interceptors.push({ filter, handler });
  }

  /**
   * What a Service's pods answer through the API server's service proxy
   * (`/api/v1/namespaces/N/services/NAME:PORT/proxy/PATH`); a Service without
   * a handler answers 503, like one without ready endpoints.
   */
  serveServiceProxy(namespace: string, service: string, handler: (path: string, request: RecordedRequest) => DoubleResponse): void {
    this.proxies.set(`${namespace}/${service}`, handler);
  }

  /** Called after every stored change that matches. */
  onChange(filter: { kind?: string; type?: ChangeType; namespace?: string }, handler: (change: Change) => void): void {
    this.changeListeners.push({ filter, handler });
  }

  async close(): Promise<void> {
    for (const log of this.logs.values()) this.finishLog(log);
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ── HTTP ──────────────────────────────────────────────────────────────

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const query = Object.fromEntries(url.searchParams);
    const method = request.method ?? 'GET';
    const recorded: RecordedRequest = { method, path: url.pathname, query, verb: 'discovery', contentType: request.headers['content-type'] };
    this.requests.push(recorded);
    try {
      const raw = await readBody(request);
      if (raw !== '') recorded.body = parseBody(raw, recorded.contentType);
      if (request.headers.authorization !== `Bearer ${this.token}`) {
        throw new ApiError(401, 'Unauthorized', 'Unauthorized');
      }
      const discovery = this.discovery(url.pathname);
      if (discovery) {
        return sendJson(response, 200, discovery);
      }
      const parsed = this.parsePath(url.pathname);
      Object.assign(recorded, {
        kind: parsed.resource.kind,
        namespace: parsed.namespace,
        name: parsed.name,
        subresource: parsed.subresource,
        proxyPath: parsed.proxyPath,
      });
      recorded.verb = verbOf(method, parsed, url.searchParams);
      for (const { filter, handler } of this.interceptors) {
        if (!matchesFilter(recorded, filter)) continue;
        const answer = handler(recorded);
        if (answer) return sendJson(response, answer.status, answer.body);
      }
      await this.route(recorded, parsed, url.searchParams, response);
    } catch (error) {
      if (response.headersSent) {
        response.end();
        return;
      }
      if (error instanceof ApiError) return sendJson(response, error.code, statusBody(error.code, error.reason, error.message, error.details));
      const message = error instanceof Error ? error.message : String(error);
      sendJson(response, 500, statusBody(500, 'InternalError', `test double: ${message}`));
    }
  }

  private async route(request: RecordedRequest, parsed: ParsedPath, params: URLSearchParams, response: ServerResponse): Promise<void> {
    const { resource, namespace, name, subresource } = parsed;
    const dryRun = params.get('dryRun') === 'All';
    switch (request.verb) {
      case 'list':
        return sendJson(response, 200, this.listBody(resource, namespace, params));
      case 'watch':
        return this.watch(resource, namespace, params, response);
      case 'create':
        return sendJson(response, 201, this.createFromRequest(resource, namespace, request.body, dryRun));
      case 'get':
        return sendJson(response, 200, clone(this.require(resource, namespace, name ?? '')));
      case 'update':
        return sendJson(response, 200, this.replaceFromRequest(resource, namespace, name ?? '', request.body, subresource, dryRun));
      case 'patch':
        return sendJson(response, 200, this.patchFromRequest(resource, namespace, name ?? '', request, subresource, dryRun));
      case 'delete': {
        const existing = this.require(resource, namespace, name ?? '');
        const body = request.body as { propagationPolicy?: string } | undefined;
        const policy = params.get('propagationPolicy') ?? body?.propagationPolicy ?? (resource.kind === 'Job' ? 'Orphan' : 'Background');
        if (!dryRun) this.deleteObject(resource, existing, policy);
        return sendJson(response, 200, { ...clone(existing), metadata: { ...existing.metadata, deletionTimestamp: new Date().toISOString() } });
      }
      case 'deletecollection': {
        const matches = this.matcher(params);
        for (const object of this.objectsOf(resource, namespace).filter((candidate) => matches(candidate as Record<string, unknown>))) {
          if (!dryRun) this.deleteObject(resource, object, params.get('propagationPolicy') ?? 'Background');
        }
        return sendJson(response, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' });
      }
      case 'log':
        return this.streamLog(namespace ?? 'default', name ?? '', params, response);
      case 'proxy': {
        // services/NAME[:PORT]/proxy/PATH: what the service's pods would answer.
        const service = (name ?? '').split(':')[0];
        const handler = this.proxies.get(`${namespace ?? 'default'}/${service}`);
        if (!handler) throw new ApiError(503, 'ServiceUnavailable', `no endpoints available for service "${service}"`);
        const answer = handler(request.proxyPath ?? '/', request);
        const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        response.writeHead(answer.status, { 'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json' });
        response.end(text);
        return;
      }
      default:
        throw new ApiError(405, 'MethodNotAllowed', `${request.method} is not supported on ${request.path}`);
    }
  }

  private discovery(path: string): unknown {
    const trimmed = path.replace(/\/$/, '');
    if (trimmed === '/version') return { major: '1', minor: '33', gitVersion: 'v1.33.0-test-double', platform: 'linux/amd64' };
    if (trimmed === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] };
    const groups = [...new Set(this.types.filter((type) => type.group !== '').map((type) => type.group))];
    if (trimmed === '/apis') {
      return {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: groups.map((group) => {
          const versions = [...new Set(this.types.filter((type) => type.group === group).map((type) => type.version))].map((version) => ({ groupVersion: `${group}/${version}`, version }));
          return { name: group, versions, preferredVersion: versions[0] };
        }),
      };
    }
    const match = trimmed === CORE_DISCOVERY_PREFIX ? ['', '', 'v1'] : /^\/apis\/([^/]+)\/([^/]+)$/.exec(trimmed);
    if (!match) return undefined;
    const [, group, version] = match;
    const types = this.types.filter((type) => type.group === group && type.version === version);
    if (types.length === 0) return undefined;
    const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: apiVersionOf({ group, version }),
      resources: types.flatMap((type) => [
        { name: type.plural, singularName: type.kind.toLowerCase(), namespaced: type.namespaced, kind: type.kind, verbs },
        ...(type.statusSubresource ? [{ name: `${type.plural}/status`, singularName: '', namespaced: type.namespaced, kind: type.kind, verbs: ['get', 'patch', 'update'] }] : []),
        ...(type.kind === 'Pod' ? [{ name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] }] : []),
      ]),
    };
  }

  private parsePath(path: string): ParsedPath {
    const segments = path.split('/').filter(Boolean).map((segment) => decodeURIComponent(segment));
    let group: string;
    let version: string;
    let rest: string[];
    if (segments[0] === 'api' && segments.length >= 2) [group, version, rest] = ['', segments[1], segments.slice(2)];
    else if (segments[0] === 'apis' && segments.length >= 3) [group, version, rest] = [segments[1], segments[2], segments.slice(3)];
    else throw new ApiError(404, 'NotFound', `the server could not find the requested resource (${path})`);
    const byPlural = (plural: string | undefined) => this.types.find((type) => type.group === group && type.version === version && type.plural === plural);
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3 && byPlural(rest[2])?.namespaced) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const resource = byPlural(rest[0]);
    if (!resource) throw new ApiError(404, 'NotFound', `the server could not find the requested resource (${path})`);
    return { resource, namespace, name: rest[1], subresource: rest[2], proxyPath: rest[2] === 'proxy' ? `/${rest.slice(3).join('/')}` : undefined };
  }

  // ── Reading ───────────────────────────────────────────────────────────

  private matcher(params: URLSearchParams): ObjectMatcher {
    try {
      const labels = labelSelectorMatcher(params.get('labelSelector'));
      const fields = fieldSelectorMatcher(params.get('fieldSelector'));
      return (object) => labels(object) && fields(object);
    } catch (error) {
      if (error instanceof SelectorError) throw new ApiError(400, 'BadRequest', error.message);
      throw error;
    }
  }

  private listBody(resource: ResourceType, namespace: string | undefined, params: URLSearchParams): unknown {
    const matches = this.matcher(params);
    return {
      apiVersion: apiVersionOf(resource),
      kind: `${resource.kind}List`,
      metadata: { resourceVersion: String(this.resourceVersion) },
      items: this.objectsOf(resource, namespace)
        .filter((object) => matches(object as Record<string, unknown>))
        .map(clone),
    };
  }

  private watch(resource: ResourceType, namespace: string | undefined, params: URLSearchParams, response: ServerResponse): void {
    const matches = this.matcher(params);
    response.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    const send = (change: Change): void => {
      response.write(`${JSON.stringify({ type: change.type, object: change.object })}\n`);
    };
    const since = params.get('resourceVersion');
    const inScope = (object: KubernetesObject) => (namespace === undefined || object.metadata?.namespace === namespace) && matches(object as Record<string, unknown>);
    if (since && since !== '0') {
      for (const change of this.history) {
        if (change.resource === resource && change.resourceVersion > Number(since) && inScope(change.object)) send({ type: change.type, object: clone(change.object) });
      }
    } else {
      for (const object of this.objectsOf(resource, namespace)) if (matches(object as Record<string, unknown>)) send({ type: 'ADDED', object: clone(object) });
    }
    const watcher: Watcher = { resource, namespace, matches, send };
    this.watchers.add(watcher);
    const stop = (): void => {
      this.watchers.delete(watcher);
      clearTimeout(timer);
      response.end();
    };
    const timeout = Number(params.get('timeoutSeconds') ?? 0);
    const timer = timeout > 0 ? setTimeout(stop, timeout * 1000) : undefined;
    response.on('close', stop);
  }

  private streamLog(namespace: string, name: string, params: URLSearchParams, response: ServerResponse): void {
    const pod = this.require(this.typeOf('v1', 'Pod'), namespace, name);
    const container = params.get('container') ?? undefined;
    const phase = (pod.status as { phase?: string } | undefined)?.phase ?? 'Pending';
    if (phase === 'Pending') {
      const shown = container ?? this.defaultContainer(pod);
      throw new ApiError(400, 'BadRequest', `container "${shown}" in pod "${name}" is waiting to start: ContainerCreating`);
    }
    const log = this.podLog(namespace, name, container);
    const tail = params.get('tailLines');
    let text = log.text;
    if (tail !== null) {
      const lines = text.split('\n');
      const trailing = lines[lines.length - 1] === '' ? lines.pop() : undefined;
      text = lines.slice(Math.max(0, lines.length - Number(tail))).join('\n') + (trailing === '' ? '\n' : '');
    }
    response.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' });
    response.write(text);
    const finished = phase === 'Succeeded' || phase === 'Failed';
    if (params.get('follow') !== 'true' || log.ended || finished) {
      response.end();
      return;
    }
    log.followers.add(response);
    response.on('close', () => log.followers.delete(response));
  }

  // ── Writing ───────────────────────────────────────────────────────────

  private createFromRequest(resource: ResourceType, namespace: string | undefined, body: unknown, dryRun: boolean): KubernetesObject {
    const object = this.checkedBody(resource, namespace, body);
    if (!object.metadata?.name && object.metadata?.generateName) object.metadata.name = `${object.metadata.generateName}${this.nextSuffix()}`;
    const name = object.metadata?.name;
    if (!name) throw new ApiError(422, 'Invalid', `${resource.kind} "" is invalid: metadata.name: Required value: name or generateName is required`);
    if (!NAME_PATTERN.test(name) || name.length > 253) {
      throw new ApiError(422, 'Invalid', `${resource.kind} "${name}" is invalid: metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'`, { name, kind: resource.plural });
    }
    if (this.objects.has(this.key(resource, namespace, name))) {
      throw new ApiError(409, 'AlreadyExists', `${resource.plural}${resource.group ? `.${resource.group}` : ''} "${name}" already exists`, { name, group: resource.group, kind: resource.plural });
    }
    if (resource.namespaced && this.options.requireNamespaces && !this.objects.has(this.key(this.typeOf('v1', 'Namespace'), undefined, namespace ?? ''))) {
      throw new ApiError(404, 'NotFound', `namespaces "${namespace}" not found`, { name: namespace, kind: 'namespaces' });
    }
    if (resource.statusSubresource) delete object.status;
    return dryRun ? this.withMetadata(resource, object, undefined, namespace) : this.insert(resource, namespace, object);
  }

  private replaceFromRequest(resource: ResourceType, namespace: string | undefined, name: string, body: unknown, subresource: string | undefined, dryRun: boolean): KubernetesObject {
    const existing = this.require(resource, namespace, name);
    const object = this.checkedBody(resource, namespace, body);
    if (object.metadata?.name !== name) throw new ApiError(400, 'BadRequest', `the name of the object (${object.metadata?.name}) does not match the name on the URL (${name})`);
    return this.applyWrite(resource, existing, object, subresource, dryRun);
  }

  private patchFromRequest(resource: ResourceType, namespace: string | undefined, name: string, request: RecordedRequest, subresource: string | undefined, dryRun: boolean): KubernetesObject {
    const contentType = (request.contentType ?? '').split(';')[0].trim();
    const key = this.key(resource, namespace, name);
    const existing = this.objects.get(key);
    if (!existing && contentType === 'application/apply-patch+yaml') return this.createFromRequest(resource, namespace, request.body, dryRun);
    if (!existing) throw notFound(resource, name);
    let patched: unknown;
    try {
      if (contentType === 'application/json-patch+json') patched = jsonPatch(clone(existing) as never, request.body as JsonPatchOperation[]);
      else if (contentType === 'application/merge-patch+json' || contentType === 'application/apply-patch+yaml') patched = mergePatch(clone(existing) as never, request.body as never);
      else if (contentType === 'application/strategic-merge-patch+json') patched = strategicMergePatch(clone(existing) as never, request.body as never);
      else throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`);
    } catch (error) {
      if (error instanceof PatchError) throw new ApiError(422, 'Invalid', `the patch could not be applied: ${error.message}`);
      throw error;
    }
    const object = patched as KubernetesObject;
    const sentVersion = (request.body as { metadata?: { resourceVersion?: string } } | undefined)?.metadata?.resourceVersion;
    // A patch only conflicts when it names a resourceVersion itself.
    if (!sentVersion && object.metadata) object.metadata.resourceVersion = existing.metadata?.resourceVersion;
    return this.applyWrite(resource, existing, object, subresource, dryRun);
  }

  private applyWrite(resource: ResourceType, existing: KubernetesObject, object: KubernetesObject, subresource: string | undefined, dryRun: boolean): KubernetesObject {
    const sent = object.metadata?.resourceVersion;
    if (sent && sent !== existing.metadata?.resourceVersion) {
      throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${resource.plural}${resource.group ? `.${resource.group}` : ''} "${existing.metadata?.name}": the object has been modified; please apply your changes to the latest version and try again`, {
        name: existing.metadata?.name,
        group: resource.group,
        kind: resource.plural,
      });
    }
    let next: KubernetesObject;
    if (subresource === 'status') next = { ...clone(existing), status: object.status };
    else if (subresource) throw new ApiError(404, 'NotFound', `the server could not find the requested resource (subresource ${subresource})`);
    else next = resource.statusSubresource ? { ...object, status: clone(existing.status) } : object;
    if (next.status === undefined) delete next.status;
    const stored = this.withMetadata(resource, next, existing);
    return dryRun ? stored : this.store(resource, stored, 'MODIFIED');
  }

  private checkedBody(resource: ResourceType, namespace: string | undefined, body: unknown): KubernetesObject {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'BadRequest', 'the request body must be a JSON object');
    const object = clone(body) as KubernetesObject;
    if (object.kind !== undefined && object.kind !== resource.kind) throw new ApiError(400, 'BadRequest', `the kind of the object (${object.kind}) does not match the URL (${resource.kind})`);
    if (object.apiVersion !== undefined && splitApiVersion(object.apiVersion).group !== resource.group) {
      throw new ApiError(400, 'BadRequest', `the apiVersion of the object (${object.apiVersion}) does not match the URL (${apiVersionOf(resource)})`);
    }
    object.apiVersion ??= apiVersionOf(resource);
    object.kind ??= resource.kind;
    object.metadata ??= {};
    if (resource.namespaced) {
      if (object.metadata.namespace && object.metadata.namespace !== namespace) {
        throw new ApiError(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
      }
      object.metadata.namespace = namespace;
    }
    return object;
  }

  /** The server-owned metadata: uid, creation time, generation, and a fresh resourceVersion. */
  private withMetadata(resource: ResourceType, object: KubernetesObject, existing?: KubernetesObject, namespace?: string): KubernetesObject {
    const metadata: ObjectMeta = { ...(object.metadata ?? {}) };
    if (resource.namespaced) metadata.namespace = metadata.namespace ?? existing?.metadata?.namespace ?? namespace ?? 'default';
    else delete metadata.namespace;
    metadata.uid = existing?.metadata?.uid ?? metadata.uid ?? `00000000-0000-4000-8000-${String(++this.uidCounter).padStart(12, '0')}`;
    metadata.creationTimestamp = existing?.metadata?.creationTimestamp ?? metadata.creationTimestamp ?? new Date().toISOString();
    const specChanged = existing !== undefined && JSON.stringify(withoutMetaAndStatus(existing)) !== JSON.stringify(withoutMetaAndStatus(object));
    metadata.generation = existing ? (existing.metadata?.generation ?? 1) + (specChanged ? 1 : 0) : (metadata.generation ?? 1);
    metadata.resourceVersion = String(this.resourceVersion + 1);
    return { ...object, apiVersion: object.apiVersion ?? apiVersionOf(resource), kind: object.kind ?? resource.kind, metadata };
  }

  private insert(resource: ResourceType, namespace: string | undefined, object: KubernetesObject): KubernetesObject {
    return this.store(resource, this.withMetadata(resource, object, undefined, namespace), 'ADDED');
  }

  private store(resource: ResourceType, object: KubernetesObject, type: ChangeType): KubernetesObject {
    this.resourceVersion += 1;
    object.metadata = { ...object.metadata, resourceVersion: String(this.resourceVersion) };
    const key = this.key(resource, object.metadata.namespace, object.metadata.name ?? '');
    if (type === 'DELETED') this.objects.delete(key);
    else this.objects.set(key, clone(object));
    this.emit(resource, { type, object: clone(object) });
    return clone(object);
  }

  private deleteObject(resource: ResourceType, object: KubernetesObject, propagationPolicy: string): void {
    this.store(resource, { ...clone(object), metadata: { ...object.metadata, deletionTimestamp: new Date().toISOString() } }, 'DELETED');
    if (resource.kind === 'Pod') for (const [key, log] of this.logs) if (key.startsWith(`${object.metadata?.namespace}/${object.metadata?.name}/`)) this.finishLog(log);
    if (propagationPolicy === 'Orphan') return;
    const uid = object.metadata?.uid;
    for (const [key, dependent] of [...this.objects]) {
      if (!this.objects.has(key) || !dependent.metadata?.ownerReferences?.some((owner) => owner.uid === uid)) continue;
      this.deleteObject(this.typeOf(dependent.apiVersion ?? '', dependent.kind ?? ''), dependent, propagationPolicy);
    }
  }

  private emit(resource: ResourceType, change: Change): void {
    this.history.push({ ...change, resource, resourceVersion: this.resourceVersion });
    for (const watcher of this.watchers) {
      const object = change.object;
      if (watcher.resource !== resource) continue;
      if (watcher.namespace !== undefined && object.metadata?.namespace !== watcher.namespace) continue;
      if (watcher.matches(object as Record<string, unknown>)) watcher.send(clone(change));
    }
    for (const { filter, handler } of this.changeListeners) {
      if (filter.kind && filter.kind !== resource.kind) continue;
      if (filter.type && filter.type !== change.type) continue;
      if (filter.namespace && filter.namespace !== change.object.metadata?.namespace) continue;
      handler(clone(change));
    }
  }

  // ── Lookups ───────────────────────────────────────────────────────────

  private typeOf(apiVersion: string, kind: string): ResourceType {
    const { group, version } = splitApiVersion(apiVersion);
    const resource = this.types.find((type) => type.group === group && type.version === version && type.kind === kind);
    if (!resource) throw new Error(`test double: unknown resource type ${apiVersion} ${kind} (registerResourceType it first)`);
    return resource;
  }

  private key(resource: ResourceType, namespace: string | undefined, name: string): string {
    return `${resource.group}/${resource.kind}/${resource.namespaced ? (namespace ?? 'default') : ''}/${name}`;
  }

  private objectsOf(resource: ResourceType, namespace: string | undefined): KubernetesObject[] {
    const prefix = `${resource.group}/${resource.kind}/${resource.namespaced && namespace !== undefined ? `${namespace}/` : ''}`;
    return [...this.objects.entries()].filter(([key]) => key.startsWith(prefix)).map(([, object]) => object);
  }

  private require(resource: ResourceType, namespace: string | undefined, name: string): KubernetesObject {
    const object = this.objects.get(this.key(resource, namespace, name));
    if (!object) throw notFound(resource, name);
    return object;
  }

  private defaultContainer(pod: KubernetesObject): string {
    return (pod.spec as { containers?: { name: string }[] } | undefined)?.containers?.[0]?.name ?? 'main';
  }

  private podLog(namespace: string, pod: string, container?: string): PodLog {
    const stored = this.objects.get(this.key(this.typeOf('v1', 'Pod'), namespace, pod));
    const key = `${namespace}/${pod}/${container ?? (stored ? this.defaultContainer(stored) : 'main')}`;
    let log = this.logs.get(key);
    if (!log) {
      log = { text: '', ended: false, followers: new Set() };
      this.logs.set(key, log);
    }
    return log;
  }

  private finishLog(log: PodLog): void {
    log.ended = true;
    for (const follower of log.followers) follower.end();
    log.followers.clear();
  }

  private nextSuffix(): string {
    this.nameCounter += 1;
    return this.nameCounter.toString(36).padStart(5, 'x');
  }
}

function withoutMetaAndStatus(object: KubernetesObject): unknown {
  const { metadata: _metadata, status: _status, ...rest } = object;
  return rest;
}

function notFound(resource: ResourceType, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${resource.plural}${resource.group ? `.${resource.group}` : ''} "${name}" not found`, { name, group: resource.group, kind: resource.plural });
}

function verbOf(method: string, parsed: ParsedPath, params: URLSearchParams): Verb {
  if (parsed.subresource === 'log') return 'log';
  if (parsed.subresource === 'proxy') return 'proxy';
  if (parsed.name === undefined) {
    if (method === 'GET') return params.get('watch') === 'true' || params.get('watch') === '1' ? 'watch' : 'list';
    if (method === 'POST') return 'create';
    if (method === 'DELETE') return 'deletecollection';
  } else {
    if (method === 'GET') return 'get';
    if (method === 'PUT') return 'update';
    if (method === 'PATCH') return 'patch';
    if (method === 'DELETE') return 'delete';
  }
  throw new ApiError(405, 'MethodNotAllowed', `${method} is not supported here`);
}

function matchesFilter(request: RecordedRequest, filter: RequestFilter): boolean {
  return (Object.keys(filter) as (keyof RequestFilter)[]).every((key) => filter[key] === undefined || filter[key] === request[key]);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    if (contentType?.startsWith('application/apply-patch+yaml')) return parseYaml(raw);
    throw new ApiError(400, 'BadRequest', 'the request body is not valid JSON');
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
