/**
 * Validates Kubernetes objects (e.g. everything `helm template` renders)
 * against the published OpenAPI schemas, through `kubernetes-models@4` for the
 * built-in kinds and `@kubernetes-models/prometheus-operator` for
 * ServiceMonitor/PrometheusRule — and, strictly, for unknown fields: those
 * schemas allow extra keys (the API server drops them silently), so a typo
 * such as `imagePullPolicyy` would pass. The validators are compiled ajv code
 * that reads every property its schema declares; we hand them the object
 * wrapped in proxies that record which keys were read, and any key of a typed
 * object that the schema never asked for is reported as unknown. Objects the
 * schema treats as free-form (labels, ConfigMap data, preserved fields) read
 * no declared keys and are left alone.
 *
 * ```ts
 * const problems = await kubernetesObjectProblems(object);   // [] when valid
 * await expectValidKubernetesObjects(objects);                // throws listing every problem
 * ```
 */
type Validatable = { prototype: { validate(this: unknown): void } };

const modelCache = new Map<string, Promise<Validatable | undefined>>();

function modelSpecifier(apiVersion: string, kind: string): string {
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  if (group === 'monitoring.coreos.com') return `@kubernetes-models/prometheus-operator/${group}/${version}/${kind}`;
  return group === '' ? `kubernetes-models/${version}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
}

async function modelOf(apiVersion: string, kind: string): Promise<Validatable | undefined> {
  const specifier = modelSpecifier(apiVersion, kind);
  let model = modelCache.get(specifier);
  if (!model) {
    model = import(specifier).then(
      (module: Record<string, Validatable>) => module[kind],
      () => undefined,
    );
    modelCache.set(specifier, model);
  }
  return model;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Wraps `value` so every property read on any nested object is recorded in `reads`. */
function recordingReads(value: unknown, reads: Map<object, Set<string>>, proxies: WeakMap<object, object>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const existing = proxies.get(value);
  if (existing) return existing;
  if (!reads.has(value)) reads.set(value, new Set());
  const proxy = new Proxy(value, {
    get(target, key, receiver) {
      if (typeof key === 'string' && !Array.isArray(target)) reads.get(target)?.add(key);
      const child: unknown = Reflect.get(target, key, receiver);
      return recordingReads(child, reads, proxies);
    },
    has(target, key) {
      if (typeof key === 'string' && !Array.isArray(target)) reads.get(target)?.add(key);
      return Reflect.has(target, key);
    },
  });
  proxies.set(value, proxy);
  return proxy;
}

function unknownFields(node: unknown, path: string, reads: Map<object, Set<string>>, found: string[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, index) => unknownFields(item, `${path}[${index}]`, reads, found));
    return;
  }
  if (!isPlainObject(node)) return;
  const read = reads.get(node);
  const typed = read !== undefined && read.size > 0;
  for (const [key, child] of Object.entries(node)) {
    if (typed && !read.has(key)) found.push(`${path === '' ? '' : `${path}.`}${key}: unknown field`);
    unknownFields(child, path === '' ? key : `${path}.${key}`, reads, found);
  }
}

function describe(object: Record<string, unknown>): string {
  const metadata = (object.metadata ?? {}) as { name?: string; namespace?: string };
  return `${String(object.kind)}/${metadata.namespace ? `${metadata.namespace}/` : ''}${metadata.name ?? '?'}`;
}

/** Every problem with `object` as a Kubernetes object; empty when it is valid. */
export async function kubernetesObjectProblems(object: unknown): Promise<string[]> {
  if (!isPlainObject(object)) return ['not an object'];
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return [`${describe(object)}: apiVersion and kind are required`];
  const model = await modelOf(apiVersion, kind);
  if (!model) return [`${describe(object)}: no published schema for ${apiVersion} ${kind}`];
  const reads = new Map<object, Set<string>>();
  const copy = structuredClone(object);
  try {
    model.prototype.validate.call(recordingReads(copy, reads, new WeakMap()));
  } catch (error) {
    return [`${describe(object)}: ${error instanceof Error ? error.message : String(error)}`];
  }
  const unknown: string[] = [];
  unknownFields(copy, '', reads, unknown);
  return unknown.map((problem) => `${describe(object)}: ${problem}`);
}

/** Throws one error listing every problem of every object. */
export async function expectValidKubernetesObjects(objects: readonly unknown[]): Promise<void> {
  const problems = (await Promise.all(objects.map(kubernetesObjectProblems))).flat();
  if (problems.length > 0) throw new Error(`invalid Kubernetes objects:\n  ${problems.join('\n  ')}`);
}
