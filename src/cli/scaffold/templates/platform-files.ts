/**
 * The platform side of a scaffolded product: a standalone manifest with strict
 * governance, so a new product starts out compliant and stays that way.
 */
import type { ScaffoldNames } from './scaffold-names.js';

export function manifestYaml(names: ScaffoldNames, schemaDir: string): string {
  return `# yaml-language-server: $schema=${schemaDir}/manifest.schema.json
#
# The platform manifest: which compute is approved and which rules every
# product must meet. Standalone here (no parent); in a company this file
# usually belongs to the platform team and sets \`parent:\` to their manifest.
apiVersion: floe.dev/v1
kind: Manifest
metadata:
  name: ${names.product}-platform
  version: 1.0.0
  owner: platform-team@example.com
  description: Local platform for ${names.product}

plugins:
  compute: { type: duckdb }
  orchestrator: { type: floe }

approved_plugins:
  compute: [duckdb]

compute:
  approved:
    - name: duckdb
      type: duckdb
      description: Embedded DuckDB, nothing to install or start
      config: { path: warehouse/${names.project}.duckdb, threads: 4 }
  default: duckdb

governance:
  policy_enforcement_level: strict
  naming:
    pattern: medallion
    enforcement: strict
  quality_gates:
    # Share of models with at least one test.
    minimum_test_coverage: 100
    # Share of each model's declared columns that carry a test, per tier.
    layer_thresholds: { bronze: 50, silver: 80, gold: 100 }
    require_descriptions: true
    require_column_descriptions: true
  classification:
    rules:
      - class: pii
        forbid_in_output_ports: true
        description: Personal data stays inside the product

observability:
  tracing: { enabled: false, exporter: none }
  lineage: { enabled: false, transport: none }
  logging: { level: info, format: text }
`;
}

/** A product of a mesh domain: its manifest is the domain's, pulled from the registry. */
export interface DomainBinding {
  domain: string;
  /** oci://registry/…/<domain>:<version> */
  reference: string;
  /** The domain's default compute. */
  compute: string;
}

export function productYaml(names: ScaffoldNames, schemaDir: string, binding?: DomainBinding): string {
  return `# yaml-language-server: $schema=${schemaDir}/floe.schema.json
#
# The data product: what it is, which SQL project builds it on which approved
# compute, when it runs and which tables it publishes. No hosts or credentials
# here — the platform manifest resolves those.
apiVersion: floe.dev/v1
kind: DataProduct
metadata:
  name: ${names.product}
  version: 0.1.0
  owner: data-team@example.com
  description: Revenue per customer, built from raw customers and orders
${binding ? `domain: ${binding.domain}
# The ${binding.domain} domain's manifest, pulled (and cached by digest) at compile time.
` : ''}platform:
  manifest: ${binding ? binding.reference : 'manifest.yaml'}
transforms:
  - name: ${names.product}
    type: dbt
    path: .
    compute: ${binding ? binding.compute : 'duckdb'}
schedule:
  cron: "0 6 * * *"
  timezone: UTC
output_ports:
  - name: customer-revenue
    model: gold_customer_revenue
    description: Completed-order revenue per customer (no personal data)
`;
}
