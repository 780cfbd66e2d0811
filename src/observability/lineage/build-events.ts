/**
 * Builders for the two kinds of run events floe emits: one run per product run
 * (job `<product>`) and one run per node (job `<product>.<node>`) whose
 * ParentRun facet points at the product run, as the dbt integration does.
 */
import { OPENLINEAGE_SCHEMA_URL, type FacetMap, type RunEvent, type RunEventType } from './event-types.js';
import {
  errorMessageFacet,
  jobDocumentationFacet,
  jobOwnershipFacet,
  jobTypeFacet,
  parentRunFacet,
  processingEngineFacet,
  sqlJobFacet,
  type FloeJobType,
} from './facets.js';
import { inputDatasetEvent, outputDatasetEvent, type LineageDataset } from './lineage-dataset.js';
import type { LineageProducer } from './producer.js';

export type RunEventKind = Extract<RunEventType, 'START' | 'COMPLETE' | 'FAIL' | 'ABORT'>;

interface CommonEventInput {
  eventType: RunEventKind;
  /** This run's id (UUID; `newRunId()` gives a v7). */
  runId: string;
  /** The job namespace (OPENLINEAGE_NAMESPACE, e.g. the platform or domain name). */
  namespace: string;
  /** The data product's name. */
  product: string;
  producer: LineageProducer;
  /** Defaults to now. */
  eventTime?: Date | string;
  /** On FAIL (or ABORT): what went wrong. */
  error?: { message: string; stack?: string };
  inputs?: LineageDataset[];
  outputs?: LineageDataset[];
  /** `FLOE` (default) or `DBT` when a consumer should treat the jobs as dbt's. */
  integration?: 'FLOE' | 'DBT';
}

export interface ProductRunEventInput extends CommonEventInput {
  description?: string;
  owners?: string[];
}

export interface NodeLineageInfo {
  /** The node's name (e.g. `orders`); the job is `<product>.<name>`. */
  name: string;
  resourceType: 'model' | 'seed' | 'test' | 'snapshot' | string;
  materialization?: string;
  description?: string;
  owners?: string[];
  /** The compiled SQL that ran (SQL job facet). */
  compiledSql?: string;
  /** The SQL dialect, e.g. `duckdb` or `postgres`. */
  sqlDialect?: string;
}

export interface NodeRunEventInput extends CommonEventInput {
  /** The product run this node belongs to. */
  parentRunId: string;
  node: NodeLineageInfo;
}

function eventTimeText(time: Date | string | undefined): string {
  if (time === undefined) return new Date().toISOString();
  return typeof time === 'string' ? time : time.toISOString();
}

function runFacets(input: CommonEventInput, extra: FacetMap): FacetMap {
  const facets: FacetMap = { ...extra, processing_engine: processingEngineFacet(input.producer.uri, input.producer.version) };
  if (input.error && (input.eventType === 'FAIL' || input.eventType === 'ABORT')) {
    facets.errorMessage = errorMessageFacet(input.producer.uri, input.error);
  }
  return facets;
}

function assemble(input: CommonEventInput, jobName: string, runFacetMap: FacetMap, jobFacets: FacetMap): RunEvent {
  const producer = input.producer.uri;
  return {
    eventType: input.eventType,
    eventTime: eventTimeText(input.eventTime),
    producer,
    schemaURL: OPENLINEAGE_SCHEMA_URL,
    run: { runId: input.runId, facets: runFacetMap },
    job: { namespace: input.namespace, name: jobName, facets: jobFacets },
    inputs: (input.inputs ?? []).map((dataset) => inputDatasetEvent(producer, dataset)),
    outputs: (input.outputs ?? []).map((dataset) => outputDatasetEvent(producer, dataset)),
  };
}

/** The product run's event: job `<product>`, job type JOB. */
export function buildProductRunEvent(input: ProductRunEventInput): RunEvent {
  const producer = input.producer.uri;
  const jobFacets: FacetMap = { jobType: jobTypeFacet(producer, 'JOB', input.integration) };
  if (input.description) jobFacets.documentation = jobDocumentationFacet(producer, input.description);
  if (input.owners && input.owners.length > 0) jobFacets.ownership = jobOwnershipFacet(producer, input.owners);
  return assemble(input, input.product, runFacets(input, {}), jobFacets);
}

const JOB_TYPES: Record<string, FloeJobType> = { model: 'MODEL', seed: 'SEED', test: 'TEST', snapshot: 'SNAPSHOT' };

/** A node's event: job `<product>.<node>`, with the ParentRun facet naming the product run. */
export function buildNodeRunEvent(input: NodeRunEventInput): RunEvent {
  const producer = input.producer.uri;
  const { node } = input;
  const jobFacets: FacetMap = { jobType: jobTypeFacet(producer, JOB_TYPES[node.resourceType] ?? 'JOB', input.integration) };
  if (node.compiledSql) jobFacets.sql = sqlJobFacet(producer, node.compiledSql, node.sqlDialect);
  if (node.description) jobFacets.documentation = jobDocumentationFacet(producer, node.description);
  if (node.owners && node.owners.length > 0) jobFacets.ownership = jobOwnershipFacet(producer, node.owners);
  const parent = parentRunFacet(producer, {
    runId: input.parentRunId,
    job: { namespace: input.namespace, name: input.product },
    root: { runId: input.parentRunId, job: { namespace: input.namespace, name: input.product } },
  });
  return assemble(input, `${input.product}.${node.name}`, runFacets(input, { parent }), jobFacets);
}
