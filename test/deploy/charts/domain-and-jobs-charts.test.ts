/** floe-domain (one domain of the mesh) and floe-jobs (one pipeline job), rendered and read as objects. */
import { describe, expect, it } from 'vitest';
import { runHelm } from '../../support/helm.js';
import { chartPath, containerOf, envOf, find, has, podSpecOf, render } from './rendered-charts.js';

const domain = () => render('floe-domain', 'mesh', { namespace: 'floe-sales-domain' });

describe('floe-domain', () => {
  it('runs its own orchestrator on its own PostgreSQL, reaching the shared services by DNS in the platform namespace', () => {
    const webserver = containerOf(find(domain(), 'Deployment', 'orchestrator-webserver'), 'webserver');
    expect(envOf(webserver)).toMatchObject({
      FLOE_DATABASE_URL: 'postgres://floe@postgresql.floe-sales-domain.svc.cluster.local:5432/floe',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.floe-platform.svc.cluster.local:4318',
      OPENLINEAGE_URL: 'http://marquez.floe-platform.svc.cluster.local:5000',
      POLARIS_HOST: 'polaris.floe-platform.svc.cluster.local',
    });
    expect(has(domain(), 'StatefulSet', 'postgresql')).toBe(true);
    expect(has(domain(), 'Deployment', 'orchestrator-daemon')).toBe(true);
    // The shared services are not duplicated in the domain.
    for (const shared of ['polaris', 'otel-collector', 'marquez', 'minio']) expect(has(domain(), 'Deployment', shared)).toBe(false);
    const info = find(domain(), 'ConfigMap', 'floe-domain') as unknown as { data: Record<string, string> };
    expect(info.data).toEqual({
      FLOE_DOMAIN: 'sales',
      FLOE_ENTERPRISE_MANIFEST: 'oci://registry.example.com/floe/enterprise:v1.0.0',
      POLARIS_HOST: 'polaris.floe-platform.svc.cluster.local',
      OTLP_ENDPOINT: 'http://otel-collector.floe-platform.svc.cluster.local:4317',
      OPENLINEAGE_URL: 'http://marquez.floe-platform.svc.cluster.local:5000',
    });
  });

  it('has its own semantic layer, and follows a platform namespace of another name', () => {
    expect(has(domain(), 'Deployment', 'cube')).toBe(true);
    const moved = render('floe-domain', 'mesh', { namespace: 'floe-sales-domain', set: { 'platform.namespace': 'shared' } });
    expect(envOf(containerOf(find(moved, 'Deployment', 'orchestrator-daemon'), 'daemon')).OPENLINEAGE_URL).toBe('http://marquez.shared.svc.cluster.local:5000');
  });

  it('installs as the spec says (--set domain.name, domain.enterprise.ref) only into floe-<domain>-domain', () => {
    const args = (namespace: string, set: string[]) => ['template', 'sales-domain', chartPath('floe-domain'), '--namespace', namespace, ...set.flatMap((pair) => ['--set', pair])];
    const ok = runHelm(args('floe-sales-domain', ['domain.name=sales', 'domain.enterprise.ref=oci://registry/enterprise:v1.0.0']));
    expect(ok.status, ok.stderr).toBe(0);
    const wrongNamespace = runHelm(args('sales', ['domain.name=sales', 'domain.enterprise.ref=oci://registry/enterprise:v1.0.0']));
    expect(wrongNamespace.stderr).toContain('the domain sales belongs in namespace floe-sales-domain, not sales: install with -n floe-sales-domain');
    const noRef = runHelm(args('floe-sales-domain', ['domain.name=sales']));
    expect(noRef.stderr).toContain("domain.enterprise.ref must be the enterprise manifest's OCI reference");
  });
});

describe('floe-jobs', () => {
  it('runs one run as a Job: `floe job run --run-id`, no retries, removed an hour after, resources from the preset', () => {
    const objects = render('floe-jobs', 'prod', { namespace: 'floe' });
    const job = find(objects, 'Job', 'floe-run-01jprod000000000000000000b');
    expect(job.spec).toMatchObject({ backoffLimit: 0, ttlSecondsAfterFinished: 3600, activeDeadlineSeconds: 7200 });
    expect(job.metadata.labels).toMatchObject({ 'floe.dev/run-id': '01jprod000000000000000000b', 'floe.dev/product': 'customer-360', 'app.kubernetes.io/component': 'pipeline-job' });
    const container = containerOf(job, 'job');
    expect(container.args).toEqual(['job', 'run', '--run-id', '01jprod000000000000000000b']);
    expect(container.resources).toEqual({ requests: { cpu: '1000m', memory: '2Gi' }, limits: { cpu: '4000m', memory: '8Gi' } });
    expect(envOf(container)).toMatchObject({
      FLOE_DATABASE_URL: { secret: 'floe-database', key: 'database-url' },
      FLOE_COMPUTE_PASSWORD: { secret: 'floe-compute', key: 'password' },
      FLOE_LOG_FORMAT: 'json',
      OTEL_SERVICE_NAME: 'floe-job',
    });
    expect(podSpecOf(job)).toMatchObject({ restartPolicy: 'Never', serviceAccountName: 'floe-pipeline-job', automountServiceAccountToken: false });
  });

  it('with an embedded DuckDB compute, mounts the warehouse claim at FLOE_WAREHOUSE_DIR', () => {
    const job = find(render('floe-jobs', 'dev', { namespace: 'floe' }), 'Job', 'floe-run-01jdev0000000000000000000a');
    expect(envOf(containerOf(job, 'job')).FLOE_WAREHOUSE_DIR).toBe('/var/lib/floe/warehouse');
    expect(podSpecOf(job)?.volumes).toContainEqual({ name: 'warehouse', persistentVolumeClaim: { claimName: 'floe-warehouse' } });
    expect(containerOf(job, 'job').resources?.requests).toEqual({ cpu: '250m', memory: '512Mi' });
  });

  it('optionally as a CronJob running the given arguments; refuses a Job without a run id', () => {
    const cron = find(render('floe-jobs', 'staging', { namespace: 'floe' }), 'CronJob', 'floe-customer-360');
    expect(cron.spec).toMatchObject({ schedule: '0 6 * * *', timeZone: 'Europe/Berlin', concurrencyPolicy: 'Forbid', jobTemplate: { spec: { backoffLimit: 0, ttlSecondsAfterFinished: 3600 } } });
    expect(containerOf(cron, 'job').args).toEqual(['run', '--env', 'staging']);
    const missing = runHelm(['template', 'x', chartPath('floe-jobs')]);
    expect(missing.stderr).toContain('run.id is empty: the Job runs one run of the orchestrator');
  });
});
