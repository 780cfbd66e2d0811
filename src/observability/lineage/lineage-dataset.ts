import type { LineageDatasetEvent, FacetMap } from './event-types.js';
import {
  columnLineageFacet,
  dataQualityAssertionsFacet,
  datasetDocumentationFacet,
  datasetOwnershipFacet,
  outputStatisticsFacet,
  schemaFacet,
  type ColumnLineage,
  type DataQualityAssertion,
  type SchemaField,
} from './facets.js';

/** What floe knows about a table a node read or wrote; every part but the name is optional. */
export interface LineageDataset {
  /** e.g. `duckdb:///work/warehouse/dev.duckdb` (see `datasetNamespace`). */
  namespace: string;
  /** `database.schema.table` (see `datasetName`). */
  name: string;
  fields?: SchemaField[];
  description?: string;
  owners?: string[];
  /** Inputs only: the tests run against this dataset and their outcome. */
  assertions?: DataQualityAssertion[];
  /** Outputs only: rows written. */
  rowCount?: number;
  /** Outputs only: which input columns feed each output column (see `deriveColumnLineage`). */
  columnLineage?: ColumnLineage;
}

function datasetFacets(producer: string, dataset: LineageDataset): FacetMap | undefined {
  const facets: FacetMap = {};
  if (dataset.fields && dataset.fields.length > 0) facets.schema = schemaFacet(producer, dataset.fields);
  if (dataset.description) facets.documentation = datasetDocumentationFacet(producer, dataset.description);
  if (dataset.owners && dataset.owners.length > 0) facets.ownership = datasetOwnershipFacet(producer, dataset.owners);
  if (dataset.columnLineage && Object.keys(dataset.columnLineage.fields).length > 0) {
    facets.columnLineage = columnLineageFacet(producer, dataset.columnLineage);
  }
  return Object.keys(facets).length > 0 ? facets : undefined;
}

export function inputDatasetEvent(producer: string, dataset: LineageDataset): LineageDatasetEvent {
  const facets = datasetFacets(producer, { ...dataset, columnLineage: undefined });
  const inputFacets: FacetMap = {};
  if (dataset.assertions && dataset.assertions.length > 0) {
    inputFacets.dataQualityAssertions = dataQualityAssertionsFacet(producer, dataset.assertions);
  }
  return {
    namespace: dataset.namespace,
    name: dataset.name,
    ...(facets ? { facets } : {}),
    ...(Object.keys(inputFacets).length > 0 ? { inputFacets } : {}),
  };
}

export function outputDatasetEvent(producer: string, dataset: LineageDataset): LineageDatasetEvent {
  const facets = datasetFacets(producer, dataset);
  const outputFacets: FacetMap = {};
  if (dataset.rowCount !== undefined) outputFacets.outputStatistics = outputStatisticsFacet(producer, dataset.rowCount);
  return {
    namespace: dataset.namespace,
    name: dataset.name,
    ...(facets ? { facets } : {}),
    ...(Object.keys(outputFacets).length > 0 ? { outputFacets } : {}),
  };
}
