/**
 * One builder per OpenLineage facet floe emits. Each stamps `_producer` and
 * the `_schemaURL` of the exact facet schema version it follows, so consumers
 * (Marquez, validators) can check it.
 */
import type { BaseFacet } from './event-types.js';

const FACETS = 'https://openlineage.io/spec/facets';

/** Facet name → schema URL (file + `$defs` pointer) of the version floe follows. */
export const FACET_SCHEMA_URLS = {
  parent: `${FACETS}/1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet`,
  schema: `${FACETS}/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet`,
  sql: `${FACETS}/1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet`,
  jobType: `${FACETS}/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet`,
  dataQualityAssertions: `${FACETS}/1-1-0/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet`,
  outputStatistics: `${FACETS}/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet`,
  errorMessage: `${FACETS}/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet`,
  processingEngine: `${FACETS}/1-1-1/ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet`,
  datasetDocumentation: `${FACETS}/1-1-0/DocumentationDatasetFacet.json#/$defs/DocumentationDatasetFacet`,
  jobDocumentation: `${FACETS}/1-1-0/DocumentationJobFacet.json#/$defs/DocumentationJobFacet`,
  datasetOwnership: `${FACETS}/1-0-1/OwnershipDatasetFacet.json#/$defs/OwnershipDatasetFacet`,
  jobOwnership: `${FACETS}/1-0-1/OwnershipJobFacet.json#/$defs/OwnershipJobFacet`,
  columnLineage: `${FACETS}/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet`,
} as const;

function facet(producer: string, schemaURL: string, fields: Record<string, unknown>): BaseFacet {
  return { _producer: producer, _schemaURL: schemaURL, ...fields };
}

export interface JobRef {
  namespace: string;
  name: string;
}

export function parentRunFacet(producer: string, parent: { runId: string; job: JobRef; root?: { runId: string; job: JobRef } }): BaseFacet {
  return facet(producer, FACET_SCHEMA_URLS.parent, {
    run: { runId: parent.runId },
    job: { namespace: parent.job.namespace, name: parent.job.name },
    ...(parent.root ? { root: { run: { runId: parent.root.runId }, job: { ...parent.root.job } } } : {}),
  });
}

export interface SchemaField {
  name: string;
  type?: string;
  description?: string;
}

export function schemaFacet(producer: string, fields: SchemaField[]): BaseFacet {
  return facet(producer, FACET_SCHEMA_URLS.schema, {
    fields: fields.map((field, index) => ({
      name: field.name,
      ...(field.type ? { type: field.type } : {}),
      ...(field.description ? { description: field.description } : {}),
      ordinal_position: index + 1,
    })),
  });
}

export function sqlJobFacet(producer: string, query: string, dialect?: string): BaseFacet {
  return facet(producer, FACET_SCHEMA_URLS.sql, { query, ...(dialect ? { dialect } : {}) });
}

export type FloeJobType = 'JOB' | 'MODEL' | 'SEED' | 'TEST' | 'SNAPSHOT';

export function jobTypeFacet(producer: string, jobType: FloeJobType, integration: 'FLOE' | 'DBT' = 'FLOE'): BaseFacet {
  return facet(producer, FACET_SCHEMA_URLS.jobType, { processingType: 'BATCH', integration, jobType });
}

export interface DataQualityAssertion {
  /** The test's name, e.g. `not_null_orders_id`. */
  name: string;
  /** The kind of check (`not_null`, `unique`, …); defaults to the name. */
  assertion?: string;
  column?: string;
  success: boolean;
  severity?: 'error' | 'warn';
}

export function dataQualityAssertionsFacet(producer: string, assertions: DataQualityAssertion[]): BaseFacet {
  return facet(producer, FACET_SCHEMA_URLS.dataQualityAssertions, {
    assertions: assertions.map((a) => ({
      assertion: a.assertion ?? a.name,
      name: a.name,
      success: a.success,
      ...(a.column ? { column: a.column } : {}),
      ...(a.severity ? { severity: a.severity } : {}),
    })),
  });
}

export function outputStatisticsFacet(producer: string, rowCount: number): BaseFacet {
  return facet(producer, FACET_SCHEMA_URLS.outputStatistics, { rowCount: Math.trunc(rowCount) });
}

export function errorMessageFacet(producer: string, error: { message: string; stack?: string }): BaseFacet {
  return facet(producer, FACET_SCHEMA_URLS.errorMessage, {
    message: error.message,
    programmingLanguage: 'TypeScript',
    ...(error.stack ? { stackTrace: error.stack } : {}),
  });
}

export function processingEngineFacet(producer: string, version: string): BaseFacet {
  return facet(producer, FACET_SCHEMA_URLS.processingEngine, { name: 'floe', version, openlineageAdapterVersion: version });
}

export function datasetDocumentationFacet(producer: string, description: string): BaseFacet {
  return facet(producer, FACET_SCHEMA_URLS.datasetDocumentation, { description, contentType: 'text/markdown' });
}

export function jobDocumentationFacet(producer: string, description: string): BaseFacet {
  return facet(producer, FACET_SCHEMA_URLS.jobDocumentation, { description, contentType: 'text/markdown' });
}

/** Owners as URNs (`team:data`, `user:jdoe`); a bare name is taken as `user:`. */
function ownersList(owners: string[]): Array<{ name: string }> {
  return owners.map((owner) => ({ name: owner.includes(':') ? owner : `user:${owner}` }));
}

export function datasetOwnershipFacet(producer: string, owners: string[]): BaseFacet {
  return facet(producer, FACET_SCHEMA_URLS.datasetOwnership, { owners: ownersList(owners) });
}

export function jobOwnershipFacet(producer: string, owners: string[]): BaseFacet {
  return facet(producer, FACET_SCHEMA_URLS.jobOwnership, { owners: ownersList(owners) });
}

export interface ColumnLineageInputField {
  namespace: string;
  name: string;
  field: string;
  transformations: Array<{ type: 'DIRECT' | 'INDIRECT'; subtype: string; masking?: boolean }>;
}

export interface ColumnLineage {
  /** Output column → the input columns whose values flow into it. */
  fields: Record<string, { inputFields: ColumnLineageInputField[]; transformationType?: string; transformationDescription?: string }>;
  /** Input columns that shape the whole output (joins, filters, grouping, sorting). */
  dataset: ColumnLineageInputField[];
}

export function columnLineageFacet(producer: string, lineage: ColumnLineage): BaseFacet {
  return facet(producer, FACET_SCHEMA_URLS.columnLineage, { fields: lineage.fields, dataset: lineage.dataset });
}
