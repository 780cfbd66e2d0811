/**
 * The compiled artifacts: the one JSON contract the runtime reads (local run,
 * orchestrator, pipeline jobs). `version` is the contract's semver: a reader
 * accepts the same major version; new optional keys are a minor bump,
 * anything else a major one. `schemas/artifacts.schema.json` is generated from
 * this schema and kept in sync by test/compile/artifacts-json-schema.test.ts.
 */
import { z } from 'zod';
import { secretRefSchema } from '../config/index.js';

export const ARTIFACTS_VERSION = '1.1.0';
export const ARTIFACTS_FILE = 'artifacts.json';
export const ARTIFACTS_DIR = '.floe';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest');
const tierSchema = z.enum(['bronze', 'silver', 'gold']);
const environmentSchema = z.enum(['dev', 'staging', 'prod']);

/** A config value that is either plain or a secret reference; refs are resolved only at run time. */
const configMapSchema = z.record(z.string(), z.unknown()).describe('Settings; secrets appear only as `{secret_ref: {...}}` references.');

export const relationSchema = z
  .strictObject({
    database: z.string().optional().describe('Catalog: the DuckDB file alias or the PostgreSQL database.'),
    schema: z.string().describe('Schema name.'),
    identifier: z.string().describe('Table or view name.'),
  })
  .describe('A fully qualified relation in the warehouse.');

export const findingSchema = z
  .strictObject({
    ruleId: z.string().describe('Stable rule id, e.g. FLOE-G001.'),
    rule: z.string().describe('Rule name, e.g. naming.'),
    severity: z.enum(['error', 'warning', 'info']).describe('Severity after overrides and the enforcement level.'),
    message: z.string().describe('What is wrong.'),
    file: z.string().describe('File the finding points at, relative to the product directory.'),
    line: z.number().int().min(1).optional().describe('1-based line.'),
    column: z.number().int().min(1).optional().describe('1-based column.'),
    node: z.string().optional().describe('Unique id of the node the finding is about.'),
    hint: z.string().describe('How to fix it.'),
  })
  .describe('One governance finding.');

export const graphNodeSchema = z
  .strictObject({
    unique_id: z.string().describe('dbt-style unique id, e.g. model.shop.gold_orders.'),
    resource_type: z.enum(['model', 'seed', 'snapshot', 'source', 'analysis', 'operation']).describe('Kind of node.'),
    name: z.string().describe('Node name.'),
    original_file_path: z.string().describe('Defining file, relative to the project root.'),
    materialized: z.string().optional().describe('Materialization (view, table, incremental, ephemeral, seed, …); absent for sources.'),
    tier: tierSchema.optional().describe('Medallion tier of a model, when one applies.'),
    relation: relationSchema.optional().describe('Where the node lives in the warehouse (absent for ephemeral models).'),
    depends_on: z.array(z.string()).describe('Unique ids of the direct upstream nodes and sources.'),
    tests: z.array(z.string()).describe('Unique ids of the tests that cover this node.'),
  })
  .describe('A node of the transform graph (tests are listed under the nodes they cover).');

export const computeArtifactSchema = z
  .strictObject({
    name: z.string().describe("The approved compute's name."),
    type: z.enum(['duckdb', 'postgres']).describe('Engine.'),
    threads: z.number().int().min(1).describe('How many nodes run at once.'),
    resources: z
      .strictObject({
        preset: z.string().describe('The preset name.'),
        requests: z.record(z.string(), z.string()).describe('Kubernetes resource requests (cpu, memory).'),
        limits: z.record(z.string(), z.string()).describe('Kubernetes resource limits (cpu, memory).'),
      })
      .optional()
      .describe("A pipeline job's resources on this compute, from its resource preset in the compiled environment."),
    config: configMapSchema.describe(
      'Connection settings in profiles.yml terms (duckdb: path relative to the product directory, schema; postgres: host, port, user, dbname, schema, password as a secret reference).',
    ),
  })
  .describe('The compute a transform runs on, for the compiled environment.');

export const transformArtifactSchema = z
  .strictObject({
    name: z.string().describe('Transform step name.'),
    type: z.literal('dbt').describe('Transform kind.'),
    path: z.string().describe('Project folder, relative to the product directory.'),
    project_name: z.string().describe("The dbt project's name (dbt_project.yml)."),
    compute: computeArtifactSchema,
    tier: tierSchema.optional().describe("The transform's tier from floe.yaml."),
    tags: z.array(z.string()).describe('Tags from floe.yaml.'),
    select: z.array(z.string()).optional().describe('Node selection to run (dbt syntax); everything when absent.'),
    exclude: z.array(z.string()).optional().describe('Node selection to leave out (dbt syntax).'),
    selected: z
      .array(z.string())
      .optional()
      .describe('Unique ids select/exclude pick, in run order (tests included); absent when the transform runs everything.'),
    graph: z
      .strictObject({
        nodes: z.array(graphNodeSchema).describe('Nodes in topological order (ties by unique id).'),
        counts: z.record(z.string(), z.number().int().min(0)).describe('Number of nodes per resource type, tests included.'),
      })
      .describe('Summary of the transform graph.'),
  })
  .describe('One transform step, in run order.');

const observabilityEnvironmentSchema = z
  .strictObject({
    tracing: configMapSchema.describe('Tracing settings (enabled, exporter, endpoint).'),
    lineage: configMapSchema.describe('Lineage settings (enabled, transport, endpoint, namespace).'),
    logging: configMapSchema.describe('Logging settings (level, format).'),
    sample_rate: z.number().min(0).max(1).describe('Trace sampling ratio.'),
  })
  .describe('Effective observability settings in one environment.');

export const artifactsSchema = z
  .strictObject({
    version: z.string().regex(/^1\.\d+\.\d+$/, 'this floe reads artifacts contract 1.x').describe('Semver of the artifacts contract.'),
    metadata: z
      .strictObject({
        product: z.string().describe('Product name.'),
        product_version: z.string().describe('Product version from floe.yaml.'),
        floe_version: z.string().describe('Version of floe that compiled the product.'),
        environment: environmentSchema.describe('Environment the compute settings were resolved for.'),
        compiled_at: z.string().optional().describe('ISO 8601 time of compilation; only when asked for, so output stays reproducible.'),
        input_hashes: z
          .record(z.string(), sha256)
          .describe('sha256 of every input file (manifests, floe.yaml, every project file), by path relative to the product directory.'),
      })
      .describe('What was compiled, from what, by which floe.'),
    identity: z
      .strictObject({
        product_id: z.string().describe('<domain>.<name>, or <name> without a domain.'),
        name: z.string().describe('Product name.'),
        domain: z.string().optional().describe('Data-mesh domain.'),
        owner: z.string().optional().describe('Owning team or person.'),
      })
      .describe('Who the product is.'),
    inheritance: z
      .array(
        z
          .strictObject({
            path: z.string().describe('Manifest file, relative to the product directory; for a manifest from a registry, its reference pinned to the digest (oci://…:tag@sha256:…).'),
            name: z.string().describe('Manifest name.'),
            version: z.string().describe('Manifest version.'),
            scope: z.enum(['enterprise', 'domain', 'standalone']).describe('Manifest scope.'),
            sha256: sha256.describe('sha256 of the manifest file.'),
            oci: z
              .strictObject({
                reference: z.string().describe('The oci:// reference as written in `parent` or `platform.manifest`.'),
                digest: z.string().regex(/^sha256:[a-f0-9]{64}$/).describe('The digest of the OCI manifest it resolved to at compile time.'),
              })
              .optional()
              .describe('Where the manifest came from, when it was pulled from an OCI registry.'),
          })
          .describe('One manifest of the chain.'),
      )
      .describe('The manifest chain, root (enterprise) first.'),
    plugins: z.record(z.string(), configMapSchema).describe('The selected plugin per category (type, version, config, connection_secret_ref).'),
    transforms: z.array(transformArtifactSchema).describe('Transform steps, in run order.'),
    schedule: z
      .strictObject({
        cron: z.string().describe('Cron expression.'),
        timezone: z.string().describe('IANA time zone.'),
        enabled: z.boolean().describe('Whether the schedule is active.'),
        catch_up: z.enum(['skip', 'latest']).optional().describe('Missed ticks: run only the latest (default), or skip them.'),
      })
      .optional()
      .describe('When the product runs; absent when unscheduled.'),
    orchestrator: configMapSchema.describe("The platform's orchestrator settings (daemon, concurrency, retry, launcher)."),
    observability: z
      .strictObject({ dev: observabilityEnvironmentSchema, staging: observabilityEnvironmentSchema, prod: observabilityEnvironmentSchema })
      .describe('Observability per environment.'),
    governance: z
      .strictObject({
        level: z.enum(['off', 'warn', 'strict']).describe('Effective enforcement level.'),
        passed: z.boolean().describe('False when an error-severity finding remained (compile then writes nothing, so stored artifacts always pass).'),
        findings: z.array(findingSchema).describe('Every finding, in stable order.'),
        valid_until: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .optional()
          .describe('Last day (UTC) the outcome holds: the earliest expiry of the policy overrides applied. The artifacts are stale after it.'),
      })
      .describe('Governance outcome.'),
    output_ports: z
      .array(
        z
          .strictObject({
            name: z.string().describe('Port name.'),
            model: z.string().describe('Model published by the port.'),
            transform: z.string().describe('Transform that builds the model.'),
            node: z.string().describe("The model's unique id."),
            description: z.string().optional().describe('What consumers get.'),
            relation: relationSchema.describe('The relation consumers read (the port schema when set, else the model schema).'),
          })
          .describe('An output port.'),
      )
      .describe("The product's published tables."),
    input_ports: z
      .array(z.strictObject({ product: z.string().describe('Producing product.'), port: z.string().describe('Its output port.') }).describe('An input port.'))
      .describe("Other products' output ports this product reads."),
    secret_refs: z
      .array(
        z
          .strictObject({
            location: z.string().describe('Where the reference appears, e.g. manifest:compute.approved[1].connection_secret_ref.'),
            ref: secretRefSchema,
          })
          .describe('A secret reference (never a value).'),
      )
      .describe('Every secret the runtime will need to resolve.'),
  })
  .describe('floe compiled artifacts (.floe/artifacts.json).');

export type CompiledArtifacts = z.infer<typeof artifactsSchema>;
export type TransformArtifact = z.infer<typeof transformArtifactSchema>;
export type GraphNodeArtifact = z.infer<typeof graphNodeSchema>;
export type ComputeArtifact = z.infer<typeof computeArtifactSchema>;
export type OutputPortArtifact = CompiledArtifacts['output_ports'][number];

/** The JSON Schema document of the artifacts, as written to `schemas/artifacts.schema.json`. */
export function artifactsJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(artifactsSchema, { target: 'draft-2020-12', io: 'output', unrepresentable: 'throw' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, $id: 'https://floe.dev/schemas/artifacts.schema.json', title: 'floe compiled artifacts (.floe/artifacts.json)', ...rest };
}

export function renderArtifactsJsonSchema(): string {
  return `${JSON.stringify(artifactsJsonSchema(), null, 2)}\n`;
}
