/**
 * `floe dev`: the dev stack's compose.yaml (validated against the
 * compose-spec JSON Schema bundled in dclint), collector config and init SQL,
 * and how it starts: without a Docker engine it says so; with one (a STAND-IN
 * `docker` that records its arguments — no engine runs here) it runs
 * `docker compose up`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { registerDevCommand } from '../../src/cli/commands/dev-command.js';
import { scaffoldProduct } from '../../src/cli/scaffold/index.js';
import { runFloe } from '../cli/product/run-floe.js';
import { createStandIns, pathWithout } from '../support/stand-in-commands.js';

// dclint does not export its schema folder: find it next to its package.json.
const dclintDir = join(createRequire(import.meta.url).resolve('dclint'), '..');
const composeSchemaPath = [dclintDir, join(dclintDir, '..'), join(dclintDir, '..', '..')].map((dir) => join(dir, 'schemas', 'compose.schema.json')).find((path) => existsSync(path));
if (!composeSchemaPath) throw new Error('the compose-spec schema is not where dclint keeps it (schemas/compose.schema.json)');
const composeSchema = JSON.parse(readFileSync(composeSchemaPath, 'utf8')) as object;
// Its $schema names draft-07 by an https URL ajv does not know; the schema itself is plain draft-07.
const validateCompose = new Ajv({ strict: false, allErrors: true, validateSchema: false }).compile(composeSchema);

const root = mkdtempSync(join(tmpdir(), 'floe-dev-'));
const product = join(root, 'shop');
const floe = (args: string[]) => runFloe([registerDevCommand], args);

type Service = {
  image: string;
  command?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  networks?: string[];
};
type Compose = { name: string; services: Record<string, Service>; networks: Record<string, unknown>; volumes: Record<string, unknown> };
const compose = (dir: string): Compose => parse(readFileSync(join(dir, '.floe', 'dev', 'compose.yaml'), 'utf8')) as Compose;

beforeAll(() => {
  scaffoldProduct('shop', { dir: product });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('floe dev --dry-run', () => {
  it('writes compose.yaml, the collector config and the init SQL, and prints what it would start', async () => {
    const result = await floe(['dev', '--dry-run', '--project-dir', product]);
    expect(result.code, result.err).toBe(0);
    for (const file of ['compose.yaml', 'otel-collector.yaml', 'init-db.sql']) expect(existsSync(join(product, '.floe', 'dev', file)), file).toBe(true);
    expect(result.out).toContain('would start orchestrator-webserver (3000)');
    expect(result.out).toMatch(/orchestrator UI and API\s+http:\/\/localhost:3000/);
    expect(result.out).toMatch(/lineage UI\s+http:\/\/localhost:3001/);
    expect(result.out).toMatch(/traces \(Jaeger\)\s+http:\/\/localhost:16686/);
  });

  it('writes a file the compose-spec schema accepts', () => {
    const document = compose(product);
    expect(validateCompose(document), JSON.stringify(validateCompose.errors, null, 2)).toBe(true);
    const broken = structuredClone(document) as unknown as { services: { postgres: Record<string, unknown> } };
    broken.services.postgres.helthcheck = {};
    expect(validateCompose(broken)).toBe(false);
  });

  it('wires PostgreSQL (pg_isready, a volume, the lineage database) before the migration and the orchestrator', () => {
    const { services, volumes, networks } = compose(product);
    expect(services.postgres).toMatchObject({ image: 'postgres:16-alpine', ports: ['5432:5432'], healthcheck: { test: ['CMD-SHELL', 'pg_isready -U floe -d floe'] } });
    expect(services.postgres.volumes).toContain('postgres_data:/var/lib/postgresql/data');
    expect(services.postgres.volumes).toContain('./init-db.sql:/docker-entrypoint-initdb.d/10-databases.sql:ro');
    expect(readFileSync(join(product, '.floe', 'dev', 'init-db.sql'), 'utf8')).toContain('CREATE DATABASE marquez OWNER floe;');
    expect(services.migrate).toMatchObject({ command: ['orchestrator', 'migrate'], depends_on: { postgres: { condition: 'service_healthy' } } });
    for (const name of ['orchestrator-webserver', 'orchestrator-daemon']) {
      expect(services[name].depends_on).toEqual({ postgres: { condition: 'service_healthy' }, migrate: { condition: 'service_completed_successfully' } });
    }
    expect(Object.keys(volumes)).toEqual(['postgres_data', 'warehouse']);
    expect(Object.keys(networks)).toEqual(['floe']);
    for (const service of Object.values(services)) expect(service.networks).toEqual(['floe']);
  });

  it('runs the webserver on 3000 and the daemon with its liveness check, both with the store, traces and lineage wired', () => {
    const { services } = compose(product);
    const webserver = services['orchestrator-webserver'];
    expect(webserver.command).toEqual(['orchestrator', 'webserver']);
    expect(webserver.ports).toEqual(['3000:3000']);
    expect(webserver.environment).toMatchObject({
      FLOE_DATABASE_URL: 'postgres://floe:${FLOE_DEV_POSTGRES_PASSWORD:-floe}@postgres:5432/floe',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
      OTEL_SERVICE_NAME: 'floe-orchestrator-webserver',
      OPENLINEAGE_URL: 'http://marquez-api:5000',
      OPENLINEAGE_NAMESPACE: 'floe',
    });
    expect(webserver.volumes).toContain('../..:/opt/floe/product:ro');
    expect(services['orchestrator-daemon'].healthcheck?.test).toEqual(['CMD', 'floe', 'orchestrator', 'liveness-check']);
  });

  it('sends traces through the collector (4317/4318, batch 1 s × 1024) to Jaeger, and runs Marquez on the lineage database', () => {
    const { services } = compose(product);
    expect(services['otel-collector'].ports).toEqual(['4317:4317', '4318:4318', '8888:8888']);
    const collector = parse(readFileSync(join(product, '.floe', 'dev', 'otel-collector.yaml'), 'utf8')) as {
      receivers: { otlp: { protocols: Record<string, unknown> } };
      processors: { batch: { timeout: string; send_batch_size: number } };
      exporters: Record<string, { endpoint?: string }>;
      service: { pipelines: Record<string, { exporters: string[] }> };
    };
    expect(Object.keys(collector.receivers.otlp.protocols)).toEqual(['grpc', 'http']);
    expect(collector.processors.batch).toEqual({ timeout: '1s', send_batch_size: 1024 });
    expect(collector.exporters['otlp/jaeger'].endpoint).toBe('jaeger:4317');
    expect(collector.service.pipelines.traces.exporters).toEqual(['otlp/jaeger', 'debug']);
    expect(collector.service.pipelines.metrics.exporters).toEqual(['debug']);
    expect(services.jaeger).toMatchObject({ ports: ['16686:16686'], environment: { COLLECTOR_OTLP_ENABLED: 'true' } });
    expect(services['marquez-api']).toMatchObject({ ports: ['5000:5000', '5001:5001'], environment: { POSTGRES_DB: 'marquez' }, depends_on: { postgres: { condition: 'service_healthy' } } });
    expect(services['marquez-web'].ports).toEqual(['3001:3000']);
  });

  it('adds object storage and the catalog when the manifest selects them', async () => {
    const platform = join(root, 'platform');
    mkdirSync(platform);
    writeFileSync(
      join(platform, 'manifest.yaml'),
      readFileSync(join(product, 'manifest.yaml'), 'utf8').replace('  orchestrator: { type: floe }', '  orchestrator: { type: floe }\n  storage: { type: minio }\n  catalog: { type: polaris }'),
    );
    const result = await floe(['dev', '--dry-run', '--project-dir', platform]);
    expect(result.code, result.err).toBe(0);
    const document = compose(platform);
    expect(validateCompose(document)).toBe(true);
    expect(document.services.minio).toMatchObject({ ports: ['9000:9000', '9001:9001'] });
    expect(document.services.polaris).toMatchObject({ ports: ['8181:8181'], depends_on: { postgres: { condition: 'service_healthy' }, minio: { condition: 'service_healthy' } } });
    expect(readFileSync(join(platform, '.floe', 'dev', 'init-db.sql'), 'utf8')).toContain('CREATE DATABASE polaris OWNER floe;');
    expect(Object.keys(compose(product).services)).not.toContain('minio');
  });

  it('refuses a folder with neither floe.yaml nor manifest.yaml', async () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    const result = await floe(['dev', '--dry-run', '--project-dir', empty]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('FLOE_NO_MANIFEST');
  });
});

describe('floe dev (starting the stack)', () => {
  const withPath = async <T>(path: string, run: () => Promise<T>): Promise<T> => {
    const previous = process.env.PATH;
    process.env.PATH = path;
    try {
      return await run();
    } finally {
      process.env.PATH = previous;
    }
  };

  it('without a Docker engine: says so, keeps the files, exits 1', async () => {
    const result = await withPath(pathWithout('docker'), () => floe(['dev', '--project-dir', product]));
    expect(result.code).toBe(1);
    expect(result.err).toContain('FLOE_DEV_NO_DOCKER: no Docker engine answers (docker is not installed (not on PATH))');
    expect(existsSync(join(product, '.floe', 'dev', 'compose.yaml'))).toBe(true);
    const stopped = createStandIns({ docker: { exitCode: 1, stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n' } });
    const down = await withPath(stopped.path, () => floe(['dev', '--project-dir', product]));
    expect(down.err).toContain('Cannot connect to the Docker daemon');
    stopped.remove();
  });

  it('with an engine (a stand-in docker): runs docker compose up on the written file and prints the URLs', async () => {
    const docker = createStandIns({ docker: { stdout: '27.0.1\n' } });
    const result = await withPath(docker.path, () => floe(['dev', '--project-dir', product]));
    expect(result.code, result.err).toBe(0);
    expect(docker.calls('docker')).toEqual([
      ['info', '--format', '{{.ServerVersion}}'],
      ['compose', '--file', join(product, '.floe', 'dev', 'compose.yaml'), '--project-name', 'floe-shop-platform', 'up', '--detach', '--wait'],
    ]);
    expect(result.out).toContain('floe-shop-platform is up:');
    expect(result.out).toMatch(/orchestrator UI and API\s+http:\/\/localhost:3000/);
    docker.remove();
  });
});
