/**
 * The dev stack as a Compose file, from the platform manifest: PostgreSQL
 * (orchestrator + lineage databases), a one-shot migration, the orchestrator
 * webserver and daemon (waiting for a healthy database and a completed
 * migration), the OTel collector, Jaeger, Marquez API and web — plus object
 * storage (MinIO) and the catalog (Polaris) when the manifest selects them.
 * All on one network, `floe`. Dev credentials are compose variables with dev
 * defaults (`${FLOE_DEV_POSTGRES_PASSWORD:-floe}`), never taken from the manifest.
 */
import { stringify } from 'yaml';
import type { Manifest } from '../../config/index.js';
import { floeImage, IMAGES } from './images.js';

export interface DevStackOptions {
  /** The product folder, relative to the compose file's folder (mounted read-only into the orchestrator). */
  productMount?: string;
  environment?: NodeJS.ProcessEnv;
}

export interface DevService {
  name: string;
  /** host:container */
  ports: string[];
  /** What a person opens, e.g. the UI. */
  url?: { label: string; href: string };
}

type ComposeService = Record<string, unknown>;

const POSTGRES_URL = 'postgres://floe:${FLOE_DEV_POSTGRES_PASSWORD:-floe}@postgres:5432/floe';

export function selectsStorage(manifest: Manifest): boolean {
  return ['minio', 's3'].includes(manifest.plugins.storage?.type ?? '');
}

export function selectsCatalog(manifest: Manifest): boolean {
  return manifest.plugins.catalog?.type === 'polaris';
}

export function extraDatabases(manifest: Manifest): string[] {
  return ['marquez', ...(selectsCatalog(manifest) ? ['polaris'] : [])];
}

function orchestratorService(command: string[], service: string, manifest: Manifest, options: DevStackOptions, extra: ComposeService): ComposeService {
  return {
    image: floeImage(options.environment),
    command,
    environment: {
      FLOE_DATABASE_URL: POSTGRES_URL,
      FLOE_ADMIN_TOKEN: '${FLOE_ADMIN_TOKEN:-floe-dev-admin-token}',
      FLOE_WAREHOUSE_DIR: '/var/lib/floe/warehouse',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
      OTEL_SERVICE_NAME: `floe-${service}`,
      OPENLINEAGE_URL: 'http://marquez-api:5000',
      OPENLINEAGE_NAMESPACE: manifest.observability.lineage.namespace,
    },
    volumes: [`${options.productMount ?? '../..'}:/opt/floe/product:ro`, 'warehouse:/var/lib/floe/warehouse'],
    depends_on: { postgres: { condition: 'service_healthy' }, migrate: { condition: 'service_completed_successfully' } },
    networks: ['floe'],
    restart: 'unless-stopped',
    ...extra,
  };
}

export function composeDocument(manifest: Manifest, options: DevStackOptions = {}): Record<string, unknown> {
  const services: Record<string, ComposeService> = {
    postgres: {
      image: IMAGES.postgres,
      environment: { POSTGRES_USER: 'floe', POSTGRES_PASSWORD: '${FLOE_DEV_POSTGRES_PASSWORD:-floe}', POSTGRES_DB: 'floe' },
      ports: ['5432:5432'],
      volumes: ['postgres_data:/var/lib/postgresql/data', './init-db.sql:/docker-entrypoint-initdb.d/10-databases.sql:ro'],
      healthcheck: { test: ['CMD-SHELL', 'pg_isready -U floe -d floe'], interval: '5s', timeout: '5s', retries: 10, start_period: '10s' },
      networks: ['floe'],
      restart: 'unless-stopped',
    },
    migrate: {
      image: floeImage(options.environment),
      command: ['orchestrator', 'migrate'],
      environment: { FLOE_DATABASE_URL: POSTGRES_URL },
      depends_on: { postgres: { condition: 'service_healthy' } },
      networks: ['floe'],
      restart: 'no',
    },
    'orchestrator-webserver': orchestratorService(['orchestrator', 'webserver'], 'orchestrator-webserver', manifest, options, {
      ports: ['3000:3000'],
      healthcheck: {
        test: ['CMD', 'node', '-e', "fetch('http://127.0.0.1:3000/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"],
        interval: '10s',
        timeout: '5s',
        retries: 6,
      },
    }),
    'orchestrator-daemon': orchestratorService(['orchestrator', 'daemon', '--launcher', 'subprocess'], 'orchestrator-daemon', manifest, options, {
      healthcheck: { test: ['CMD', 'floe', 'orchestrator', 'liveness-check'], interval: '30s', timeout: '10s', retries: 2 },
    }),
    'otel-collector': {
      image: IMAGES.otelCollector,
      command: ['--config=/etc/otel/config.yaml'],
      volumes: ['./otel-collector.yaml:/etc/otel/config.yaml:ro'],
      ports: ['4317:4317', '4318:4318', '8888:8888'],
      depends_on: { jaeger: { condition: 'service_started' } },
      networks: ['floe'],
      restart: 'unless-stopped',
    },
    jaeger: {
      image: IMAGES.jaeger,
      environment: { COLLECTOR_OTLP_ENABLED: 'true' },
      ports: ['16686:16686'],
      networks: ['floe'],
      restart: 'unless-stopped',
    },
    'marquez-api': {
      image: IMAGES.marquez,
      environment: {
        MARQUEZ_PORT: '5000',
        MARQUEZ_ADMIN_PORT: '5001',
        POSTGRES_HOST: 'postgres',
        POSTGRES_PORT: '5432',
        POSTGRES_DB: 'marquez',
        POSTGRES_USER: 'floe',
        POSTGRES_PASSWORD: '${FLOE_DEV_POSTGRES_PASSWORD:-floe}',
      },
      ports: ['5000:5000', '5001:5001'],
      depends_on: { postgres: { condition: 'service_healthy' } },
      networks: ['floe'],
      restart: 'unless-stopped',
    },
    'marquez-web': {
      image: IMAGES.marquezWeb,
      environment: { MARQUEZ_HOST: 'marquez-api', MARQUEZ_PORT: '5000', WEB_PORT: '3000' },
      ports: ['3001:3000'],
      depends_on: { 'marquez-api': { condition: 'service_started' } },
      networks: ['floe'],
      restart: 'unless-stopped',
    },
  };
  const volumes: Record<string, Record<string, never>> = { postgres_data: {}, warehouse: {} };
  if (selectsStorage(manifest)) {
    services.minio = {
      image: IMAGES.minio,
      command: ['server', '/data', '--console-address', ':9001'],
      environment: { MINIO_ROOT_USER: '${FLOE_DEV_MINIO_USER:-floe}', MINIO_ROOT_PASSWORD: '${FLOE_DEV_MINIO_PASSWORD:-floe-dev-password}' },
      ports: ['9000:9000', '9001:9001'],
      volumes: ['minio_data:/data'],
      healthcheck: { test: ['CMD', 'mc', 'ready', 'local'], interval: '5s', timeout: '5s', retries: 10 },
      networks: ['floe'],
      restart: 'unless-stopped',
    };
    volumes.minio_data = {};
  }
  if (selectsCatalog(manifest)) {
    services.polaris = {
      image: IMAGES.polaris,
      environment: {
        POLARIS_PERSISTENCE_TYPE: 'relational-jdbc',
        QUARKUS_DATASOURCE_JDBC_URL: 'jdbc:postgresql://postgres:5432/polaris',
        QUARKUS_DATASOURCE_USERNAME: 'floe',
        QUARKUS_DATASOURCE_PASSWORD: '${FLOE_DEV_POSTGRES_PASSWORD:-floe}',
      },
      ports: ['8181:8181'],
      depends_on: { postgres: { condition: 'service_healthy' }, ...(selectsStorage(manifest) ? { minio: { condition: 'service_healthy' } } : {}) },
      networks: ['floe'],
      restart: 'unless-stopped',
    };
  }
  return { name: `floe-${manifest.metadata.name}`, services, networks: { floe: { name: 'floe' } }, volumes };
}

export function composeYaml(manifest: Manifest, options: DevStackOptions = {}): string {
  return `# floe's dev stack for platform ${manifest.metadata.name} (written by floe dev; regenerate rather than edit).\n# Start: docker compose -f .floe/dev/compose.yaml up -d\n${stringify(composeDocument(manifest, options))}`;
}

export function initDatabaseSql(manifest: Manifest): string {
  return ['-- Extra databases of the dev stack (run once, when the postgres volume is new).', ...extraDatabases(manifest).map((name) => `CREATE DATABASE ${name} OWNER floe;`), ''].join('\n');
}

/** What `floe dev` starts, and where a person looks. */
export function devServices(manifest: Manifest): DevService[] {
  return [
    { name: 'postgres', ports: ['5432:5432'] },
    { name: 'migrate', ports: [] },
    { name: 'orchestrator-webserver', ports: ['3000:3000'], url: { label: 'orchestrator UI and API', href: 'http://localhost:3000' } },
    { name: 'orchestrator-daemon', ports: [] },
    { name: 'otel-collector', ports: ['4317:4317', '4318:4318', '8888:8888'] },
    { name: 'jaeger', ports: ['16686:16686'], url: { label: 'traces (Jaeger)', href: 'http://localhost:16686' } },
    { name: 'marquez-api', ports: ['5000:5000', '5001:5001'], url: { label: 'lineage API (Marquez)', href: 'http://localhost:5000' } },
    { name: 'marquez-web', ports: ['3001:3000'], url: { label: 'lineage UI', href: 'http://localhost:3001' } },
    ...(selectsStorage(manifest) ? [{ name: 'minio', ports: ['9000:9000', '9001:9001'], url: { label: 'object storage console (MinIO)', href: 'http://localhost:9001' } }] : []),
    ...(selectsCatalog(manifest) ? [{ name: 'polaris', ports: ['8181:8181'], url: { label: 'Iceberg REST catalog (Polaris)', href: 'http://localhost:8181/api/catalog' } }] : []),
  ];
}
