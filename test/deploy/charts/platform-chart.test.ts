/** floe-platform: what each production feature of the spec looks like in the rendered objects (parsed, not text). */
import { describe, expect, it } from 'vitest';
import { runHelm } from '../../support/helm.js';
import { chartPath, containerOf, envOf, find, has, podSpecOf, render, WORKLOAD_KINDS, type RenderedObject } from './rendered-charts.js';

const NS = { namespace: 'floe-platform' };
const dev = (): RenderedObject[] => render('floe-platform', 'dev', NS);
const prod = (): RenderedObject[] => render('floe-platform', 'prod', NS);
const staging = (): RenderedObject[] => render('floe-platform', 'staging', NS);
const withValues = (set: Record<string, string>, environment = 'dev'): RenderedObject[] => render('floe-platform', environment, { ...NS, set });

function failure(set: Record<string, string>, environment = 'dev'): string {
  const args = ['template', 'floe', chartPath('floe-platform'), '--namespace', 'floe-platform', '--values', `${chartPath('floe-platform')}/values-${environment}.yaml`];
  for (const [key, value] of Object.entries(set)) args.push('--set', `${key}=${value}`);
  const result = runHelm(args);
  expect(result.status).not.toBe(0);
  return result.stderr;
}

describe('the orchestrator webserver', () => {
  it('serves port 3000 behind a Service, live on /health and ready on /ready', () => {
    const deployment = find(dev(), 'Deployment', 'orchestrator-webserver');
    const webserver = containerOf(deployment, 'webserver');
    expect(webserver.args).toEqual(['orchestrator', 'webserver']);
    expect(webserver.ports).toEqual([{ name: 'http', containerPort: 3000 }]);
    expect(webserver.livenessProbe?.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(webserver.readinessProbe?.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(envOf(webserver)).toMatchObject({
      FLOE_PORT: '3000',
      FLOE_DATABASE_URL: 'postgres://floe@postgresql.floe-platform.svc.cluster.local:5432/floe',
      PGPASSWORD: { secret: 'floe-postgresql', key: 'password' },
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.floe-platform.svc.cluster.local:4318',
      OTEL_SERVICE_NAME: 'floe-orchestrator-webserver',
      OPENLINEAGE_URL: 'http://marquez.floe-platform.svc.cluster.local:5000',
      OPENLINEAGE_NAMESPACE: 'floe',
    });
    const service = find(dev(), 'Service', 'orchestrator');
    expect(service.spec).toMatchObject({ ports: [{ name: 'http', port: 3000, targetPort: 'http' }] });
  });

  it('in production: 2–10 replicas at 70 % CPU, spread over zones, a disruption budget of 1, admin token from a Secret', () => {
    const hpa = find(prod(), 'HorizontalPodAutoscaler', 'orchestrator-webserver');
    expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 10, metrics: [{ resource: { name: 'cpu', target: { averageUtilization: 70 } } }] });
    const deployment = find(prod(), 'Deployment', 'orchestrator-webserver');
    expect(deployment.spec?.replicas).toBeUndefined(); // the HPA owns it
    expect(podSpecOf(deployment)?.topologySpreadConstraints?.[0].topologyKey).toBe('topology.kubernetes.io/zone');
    expect(find(prod(), 'PodDisruptionBudget', 'orchestrator-webserver').spec).toMatchObject({ minAvailable: 1 });
    expect(envOf(containerOf(deployment, 'webserver')).FLOE_ADMIN_TOKEN).toEqual({ secret: 'floe-admin-token', key: 'admin-token' });
  });
});

describe('the orchestrator daemon', () => {
  it('single: one replica, Recreate, liveness through `floe orchestrator liveness-check` every 30 s, 2 failures', () => {
    const daemon = find(dev(), 'Deployment', 'orchestrator-daemon');
    expect(daemon.spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
    const container = containerOf(daemon, 'daemon');
    expect(container.args).toEqual(['orchestrator', 'daemon', '--launcher', 'kubernetes']);
    expect(container.livenessProbe).toMatchObject({ exec: { command: ['floe', 'orchestrator', 'liveness-check'] }, periodSeconds: 30, failureThreshold: 2 });
    expect(envOf(container).FLOE_DAEMON_MODE).toBe('single');
    const role = find(dev(), 'Role', 'floe-run-launcher');
    expect(JSON.stringify(role)).not.toContain('leases');
  });

  it('ha: two replicas and the Lease permissions leader election needs', () => {
    const daemon = find(prod(), 'Deployment', 'orchestrator-daemon');
    expect(daemon.spec).toMatchObject({ replicas: 2, strategy: { type: 'RollingUpdate' } });
    expect(envOf(containerOf(daemon, 'daemon')).FLOE_DAEMON_MODE).toBe('ha');
    const rules = (find(prod(), 'Role', 'floe-run-launcher') as unknown as { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] }).rules;
    expect(rules).toContainEqual({ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] });
    expect(has(prod(), 'PodDisruptionBudget', 'orchestrator-daemon')).toBe(false);
  });

  it('has the run launcher permissions (jobs, pods, pods/log), bound to its own service account; nothing else mounts a token', () => {
    const rules = (find(dev(), 'Role', 'floe-run-launcher') as unknown as { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] }).rules;
    expect(rules).toEqual([
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'get', 'list', 'watch', 'delete'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
    ]);
    const binding = find(dev(), 'RoleBinding', 'floe-run-launcher') as unknown as { subjects: { name: string; namespace: string }[] };
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'orchestrator-daemon', namespace: 'floe-platform' }]);
    const accounts = dev().filter((object) => object.kind === 'ServiceAccount') as unknown as { metadata: { name: string }; automountServiceAccountToken: boolean }[];
    expect(Object.fromEntries(accounts.map((account) => [account.metadata.name, account.automountServiceAccountToken]))).toEqual({
      'orchestrator-webserver': false,
      'orchestrator-daemon': true,
      'floe-pipeline-job': false,
      'floe-services': false,
    });
    expect(envOf(containerOf(find(dev(), 'Deployment', 'orchestrator-daemon'), 'daemon'))).toMatchObject({ FLOE_JOB_SERVICE_ACCOUNT: 'floe-pipeline-job', FLOE_JOB_WAREHOUSE_CLAIM: 'floe-warehouse' });
  });
});

describe('the migration', () => {
  it('is a plain Job (not a Helm hook), named by revision, and the services wait for the schema in an init container', () => {
    const job = dev().find((object) => object.kind === 'Job' && object.metadata.name.startsWith('orchestrator-migrate-'));
    expect(job?.metadata.name).toBe('orchestrator-migrate-1');
    expect(job?.metadata.annotations?.['helm.sh/hook']).toBeUndefined();
    expect(containerOf(job as RenderedObject, 'migrate').args).toEqual(['orchestrator', 'migrate']);
    for (const name of ['orchestrator-webserver', 'orchestrator-daemon']) {
      const init = podSpecOf(find(dev(), 'Deployment', name))?.initContainers ?? [];
      expect(init.map((container) => [container.name, container.args])).toEqual([['wait-for-migration', ['orchestrator', 'migrate']]]);
    }
  });
});

describe('PostgreSQL', () => {
  it('in the cluster: a StatefulSet with a volume claim, pg_isready probes, and init SQL creating the lineage and catalog databases', () => {
    const statefulSet = find(dev(), 'StatefulSet', 'postgresql') as RenderedObject & { spec: { volumeClaimTemplates: { spec: { resources: { requests: { storage: string } } } }[] } };
    expect(statefulSet.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('5Gi');
    const container = containerOf(statefulSet, 'postgresql');
    expect(container.readinessProbe).toMatchObject({ exec: { command: ['pg_isready', '-U', 'floe', '-d', 'floe'] } });
    expect(envOf(container).POSTGRES_PASSWORD).toEqual({ secret: 'floe-postgresql', key: 'password' });
    const init = find(dev(), 'ConfigMap', 'postgresql-init') as unknown as { data: Record<string, string> };
    expect(init.data['10-databases.sql']).toContain('CREATE DATABASE marquez OWNER floe;');
    expect(init.data['10-databases.sql']).toContain('CREATE DATABASE polaris OWNER floe;');
  });

  it('external (production): no StatefulSet; the URL from host and user, the password from the existing Secret — or the whole URL from it', () => {
    expect(has(prod(), 'StatefulSet')).toBe(false);
    const env = envOf(containerOf(find(prod(), 'Deployment', 'orchestrator-webserver'), 'webserver'));
    expect(env.FLOE_DATABASE_URL).toBe('postgres://floe@floe-db.prod.internal.example.com:5432/floe');
    expect(env.PGPASSWORD).toEqual({ secret: 'floe-database', key: 'password' });
    const byUrl = withValues({ 'postgresql.external.secretKeys.databaseUrlKey': 'url' }, 'prod');
    const urlEnv = envOf(containerOf(find(byUrl, 'Deployment', 'orchestrator-daemon'), 'daemon'));
    expect(urlEnv.FLOE_DATABASE_URL).toEqual({ secret: 'floe-database', key: 'url' });
    expect(urlEnv.PGPASSWORD).toBeUndefined();
  });
});

describe('the shared services', () => {
  it('catalog (Polaris :8181) on the store, doubled with a disruption budget in production', () => {
    expect(has(dev(), 'Deployment', 'polaris')).toBe(false);
    const polaris = find(prod(), 'Deployment', 'polaris');
    expect(polaris.spec?.replicas).toBe(2);
    expect(envOf(containerOf(polaris, 'polaris'))).toMatchObject({
      QUARKUS_DATASOURCE_JDBC_URL: 'jdbc:postgresql://floe-db.prod.internal.example.com:5432/polaris',
      QUARKUS_DATASOURCE_PASSWORD: { secret: 'floe-database', key: 'password' },
    });
    expect(find(prod(), 'Service', 'polaris').spec).toMatchObject({ ports: [{ port: 8181 }] });
    expect(find(prod(), 'PodDisruptionBudget', 'polaris').spec).toMatchObject({ minAvailable: 1 });
  });

  it('semantic layer (Cube :4000 + Redis) is off by default and on in production', () => {
    expect(has(dev(), 'Deployment', 'cube')).toBe(false);
    const cube = containerOf(find(prod(), 'Deployment', 'cube'), 'cube');
    expect(envOf(cube)).toMatchObject({ CUBEJS_REDIS_URL: 'redis://redis.floe-platform.svc.cluster.local:6379', CUBEJS_API_SECRET: { secret: 'floe-cube', key: 'api-secret' } });
    expect(has(prod(), 'Deployment', 'redis')).toBe(true);
  });

  it('OTel collector: a Deployment, or a DaemonSet on every node, OTLP 4317/4318 and metrics 8888, traces to Jaeger and extra exporters', () => {
    expect(has(dev(), 'Deployment', 'otel-collector')).toBe(true);
    expect(has(prod(), 'DaemonSet', 'otel-collector')).toBe(true);
    expect(find(dev(), 'Service', 'otel-collector').spec).toMatchObject({ ports: [{ port: 4317 }, { port: 4318 }, { port: 8888 }] });
    const devConfig = (find(dev(), 'ConfigMap', 'otel-collector') as unknown as { data: { 'config.yaml': string } }).data['config.yaml'];
    expect(devConfig).toMatch(/otlp\/jaeger/);
    expect(devConfig).toMatch(/send_batch_size: 1024/);
    const prodConfig = (find(prod(), 'ConfigMap', 'otel-collector') as unknown as { data: { 'config.yaml': string } }).data['config.yaml'];
    expect(prodConfig).toMatch(/otlphttp\/vendor/);
    expect(prodConfig).not.toMatch(/otlp\/jaeger/);
  });

  it('lineage: Marquez API (5000/5001) on the marquez database and its web UI (3001); MinIO and Jaeger only when asked', () => {
    const marquez = containerOf(find(dev(), 'Deployment', 'marquez'), 'marquez');
    expect(envOf(marquez)).toMatchObject({ POSTGRES_DB: 'marquez', POSTGRES_PASSWORD: { secret: 'floe-postgresql', key: 'password' } });
    expect(find(dev(), 'Service', 'marquez-web').spec).toMatchObject({ ports: [{ port: 3001 }] });
    expect(find(prod(), 'PodDisruptionBudget', 'marquez').spec).toMatchObject({ minAvailable: 1 });
    expect(has(dev(), 'Deployment', 'minio')).toBe(false);
    expect(has(render('floe-platform', 'mesh', NS), 'Deployment', 'minio')).toBe(true);
    expect(has(dev(), 'Deployment', 'jaeger')).toBe(true);
    expect(has(prod(), 'Deployment', 'jaeger')).toBe(false);
  });
});

describe('monitoring', () => {
  it('a ServiceMonitor scrapes the orchestrator Service\'s /metrics every 30 s', () => {
    const monitor = find(staging(), 'ServiceMonitor', 'floe-orchestrator');
    expect(monitor.spec).toMatchObject({ selector: { matchLabels: { 'floe.dev/metrics': 'true' } }, endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }] });
    expect(find(staging(), 'Service', 'orchestrator').metadata.labels?.['floe.dev/metrics']).toBe('true');
  });

  it('a PrometheusRule carries the four alerts of the spec (the heartbeat one at two severities)', () => {
    const rule = find(staging(), 'PrometheusRule', 'floe-alerts') as unknown as { spec: { groups: { rules: { alert: string; expr: string; for?: string; labels: { severity: string } }[] }[] } };
    const alerts = rule.spec.groups.flatMap((group) => group.rules);
    expect(alerts.map((alert) => [alert.alert, alert.labels.severity, alert.for])).toEqual([
      ['FloeRunsFailing', 'warning', undefined],
      ['FloeRunDurationHigh', 'warning', '5m'],
      ['FloeDaemonHeartbeatStale', 'warning', undefined],
      ['FloeDaemonHeartbeatCritical', 'critical', '2m'],
      ['FloeContainerMemoryHigh', 'warning', '5m'],
    ]);
    expect(alerts[0].expr).toContain('> 5');
    expect(alerts[1].expr).toContain('> 3600');
  });

  it('a Grafana dashboard ConfigMap with valid JSON and the sidecar label', () => {
    const dashboard = find(staging(), 'ConfigMap', 'floe-grafana-dashboard') as unknown as { metadata: { labels: Record<string, string> }; data: Record<string, string> };
    expect(dashboard.metadata.labels.grafana_dashboard).toBe('1');
    const json = JSON.parse(dashboard.data['floe-orchestrator.json']) as { panels: { title: string }[] };
    expect(json.panels.map((panel) => panel.title)).toContain('Daemon heartbeat age (s)');
  });
});

describe('ingress, backups and network policies', () => {
  it('one Ingress with class, annotations, hosts for the UIs, and TLS', () => {
    const ingress = find(prod(), 'Ingress', 'floe') as RenderedObject & { spec: { ingressClassName: string; tls: unknown[]; rules: { host: string; http: { paths: { backend: { service: { name: string } } }[] } }[] } };
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' });
    expect(ingress.spec.rules.map((rule) => [rule.host, rule.http.paths[0].backend.service.name])).toEqual([
      ['floe.example.com', 'orchestrator'],
      ['lineage.example.com', 'marquez-web'],
    ]);
    expect(ingress.spec.tls).toEqual([{ hosts: ['floe.example.com', 'lineage.example.com'], secretName: 'floe-tls' }]);
    const stagingHosts = (find(staging(), 'Ingress', 'floe').spec as { rules: { host: string }[] }).rules.map((rule) => rule.host);
    expect(stagingHosts).toEqual(['floe.staging.example.com', 'traces.staging.example.com', 'lineage.staging.example.com']);
  });

  it('backups every 6 h: pg_dump | gzip, uploaded with credentials from a Secret', () => {
    const cron = find(prod(), 'CronJob', 'floe-backup');
    expect((cron.spec as { schedule: string }).schedule).toBe('0 */6 * * *');
    const dump = containerOf(cron, 'dump');
    expect(dump.args?.[0]).toMatch(/pg_dump .*\| gzip > \/backup\/floe\.sql\.gz/);
    expect(envOf(dump)).toMatchObject({ PGHOST: 'floe-db.prod.internal.example.com', DATABASE: 'floe', PGPASSWORD: { secret: 'floe-database', key: 'password' } });
    const upload = containerOf(cron, 'upload');
    expect(upload.args?.[0]).toMatch(/aws s3 cp \/backup\/floe\.sql\.gz "s3:\/\/\$BUCKET\/\$PREFIX\//);
    expect(envOf(upload)).toMatchObject({ BUCKET: 'floe-backups-prod', AWS_ACCESS_KEY_ID: { secret: 'floe-backup-s3', key: 'access-key-id' } });
  });

  it('deny everything by default, then allow each component its flows; every pod is covered by an allow policy', () => {
    for (const objects of [dev(), prod(), render('floe-platform', 'mesh', NS)]) {
      const policies = objects.filter((object) => object.kind === 'NetworkPolicy') as (RenderedObject & { spec: { podSelector: { matchLabels: Record<string, string> }; policyTypes: string[]; ingress?: unknown[]; egress?: unknown[] } })[];
      const deny = policies.find((policy) => policy.metadata.name === 'default-deny');
      expect(deny?.spec).toEqual({ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'floe' } }, policyTypes: ['Ingress', 'Egress'] });
      const allowed = new Set(policies.map((policy) => policy.spec.podSelector.matchLabels['app.kubernetes.io/component']).filter(Boolean));
      for (const workload of objects.filter((object) => WORKLOAD_KINDS.includes(object.kind) && object.kind !== 'CronJob' && object.kind !== 'Job')) {
        expect(allowed, `${workload.kind}/${workload.metadata.name}`).toContain(workload.metadata.labels?.['app.kubernetes.io/component']);
      }
    }
    const webserver = find(prod(), 'NetworkPolicy', 'orchestrator-webserver').spec as { ingress: { ports: { port: number }[]; from: unknown[] }[] };
    expect(webserver.ingress[0].ports).toEqual([{ port: 3000, protocol: 'TCP' }]);
    expect(webserver.ingress[0].from).toHaveLength(2);
    const daemon = find(prod(), 'NetworkPolicy', 'orchestrator-daemon').spec as { ingress: unknown[]; egress: { ports: { port: number }[] }[] };
    expect(daemon.ingress).toEqual([]);
    expect(daemon.egress[0].ports.map((port) => port.port)).toEqual(expect.arrayContaining([5432, 4318, 443, 6443]));
    expect(has(withValues({ 'networkPolicy.enabled': 'false' }), 'NetworkPolicy')).toBe(false);
  });
});

describe('NOTES.txt', () => {
  it('tells where the UI is, the daemon mode, and every Secret the release reads', () => {
    const result = runHelm(['install', 'floe', chartPath('floe-platform'), '--namespace', 'floe', '--values', `${chartPath('floe-platform')}/values-prod.yaml`, '--dry-run=client']);
    expect(result.status, result.stderr).toBe(0);
    const notes = result.stdout.slice(result.stdout.indexOf('NOTES:'));
    expect(notes).toContain('https://floe.example.com');
    expect(notes).toContain('Daemon: ha mode (2 replicas, leader elected through a Lease)');
    for (const secret of ['floe-database', 'floe-admin-token (key admin-token)', 'floe-compute', 'floe-cube (key api-secret)', 'floe-backup-s3 (keys access-key-id, secret-access-key)']) expect(notes).toContain(secret);
  });
});

describe('values that cannot work fail early, with a sentence', () => {
  it.each([
    [{ 'postgresql.auth.existingSecret': '' }, 'postgresql.auth.existingSecret is empty'],
    [{ 'postgresql.enabled': 'false' }, 'postgresql.external.host is empty'],
    [{ 'orchestrator.daemon.mode': 'ha', 'orchestrator.daemon.haReplicas': '1' }, 'ha needs a standby'],
    [{ 'backup.enabled': 'true' }, 'backup.bucket or backup.credentials.existingSecret is empty'],
    [{ 'ingress.enabled': 'true' }, 'ingress.hosts.orchestrator is empty'],
    [{ 'semantic.enabled': 'true' }, "semantic.cube.apiSecret.existingSecret is empty"],
    [{ 'orchestrator.daemon.mode': 'triple' }, "at '/orchestrator/daemon/mode': value must be one of 'single', 'ha'"],
  ])('%o', (set, message) => {
    expect(failure(set)).toContain(message);
  });
});
