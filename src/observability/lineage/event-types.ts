/**
 * The OpenLineage 2-0-2 run event, as floe emits it. Only the parts floe fills
 * are typed; facets stay open maps because every facet carries its own schema.
 */
export const OPENLINEAGE_SCHEMA_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';

export type RunEventType = 'START' | 'RUNNING' | 'COMPLETE' | 'ABORT' | 'FAIL' | 'OTHER';

/** Every facet names who produced it and the schema it follows. */
export interface BaseFacet {
  _producer: string;
  _schemaURL: string;
  [field: string]: unknown;
}

export type FacetMap = Record<string, BaseFacet>;

export interface LineageDatasetEvent {
  namespace: string;
  name: string;
  facets?: FacetMap;
  inputFacets?: FacetMap;
  outputFacets?: FacetMap;
}

export interface RunEvent {
  eventType: RunEventType;
  eventTime: string;
  producer: string;
  schemaURL: string;
  run: { runId: string; facets?: FacetMap };
  job: { namespace: string; name: string; facets?: FacetMap };
  inputs: LineageDatasetEvent[];
  outputs: LineageDatasetEvent[];
}
