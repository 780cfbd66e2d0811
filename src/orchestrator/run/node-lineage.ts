/**
 * The lineage of the nodes of one finished step: datasets named from the
 * compute connection, their columns read from the engine once the step's
 * nodes ran (before its connection closes), column lineage from the
 * compiled SQL, and the tests' outcomes as data quality assertions on the
 * dataset they test. Anything that cannot be looked up (a table that
 * failed to build, SQL DuckDB cannot parse) just leaves its facet out.
 */
import {
  datasetName,
  deriveColumnLineage,
  parseSqlWithDuckDb,
  type ColumnLineage,
  type DataQualityAssertion,
  type LineageDataset,
} from '../../observability/index.js';
import type { ComputeAdapter, ManifestNode, NodeResult, ParsedProject, RelationRef } from '../../transform/index.js';

export interface NodeLineage {
  inputs: LineageDataset[];
  outputs: LineageDataset[];
}

type Columns = Array<{ name: string; type: string }>;

/** The relations a node reads: its parents', looking through ephemeral models to what they read. */
export function upstreamRelations(project: ParsedProject, node: ManifestNode, seen = new Set<string>()): RelationRef[] {
  const relations: RelationRef[] = [];
  for (const id of node.dependsOn.nodes) {
    if (seen.has(id)) continue;
    seen.add(id);
    const source = project.sources.get(id);
    if (source) {
      relations.push(source.relation);
      continue;
    }
    const parent = project.nodes.get(id);
    if (!parent) continue;
    if (parent.relation && parent.config.materialized !== 'ephemeral') relations.push(parent.relation);
    else relations.push(...upstreamRelations(project, parent, seen));
  }
  return relations;
}

/** The dataset a test checks: the node it is attached to, else (singular tests) what it reads. */
export function testedRelations(project: ParsedProject, test: ManifestNode): RelationRef[] {
  const attached = test.attachedNode ? (project.nodes.get(test.attachedNode)?.relation ?? project.sources.get(test.attachedNode)?.relation) : undefined;
  return attached ? [attached] : upstreamRelations(project, test);
}

export function assertionOf(test: ManifestNode, result: NodeResult): DataQualityAssertion {
  return {
    name: test.name,
    assertion: test.testMetadata?.name ?? test.name,
    ...(test.columnName ? { column: test.columnName } : {}),
    success: result.status === 'pass',
    ...(test.config.severity ? { severity: test.config.severity } : {}),
  };
}

/** The relations whose columns a step's lineage shows: what each node that ran reads, builds or tests. */
export function relationsOfStep(project: ParsedProject, results: readonly NodeResult[]): RelationRef[] {
  const relations: RelationRef[] = [];
  for (const result of results) {
    const node = project.nodes.get(result.uniqueId);
    if (!node || result.status === 'skipped') continue;
    if (node.resourceType === 'test') {
      relations.push(...testedRelations(project, node));
      continue;
    }
    relations.push(...upstreamRelations(project, node));
    const output = result.relation ?? node.relation;
    if (output && node.config.materialized !== 'ephemeral') relations.push(output);
  }
  return relations;
}

/**
 * A step's datasets with their columns. The columns are read once, in bulk
 * (one catalog query per schema), on the run's own adapter while it is still
 * open — not one query per table on a second connection after the run.
 */
export class LineageLookup {
  private readonly columns = new Map<string, Columns>();

  constructor(
    readonly namespace: string,
    private readonly database: string,
  ) {}

  name(relation: RelationRef): string {
    return datasetName({ database: relation.database ?? this.database, schema: relation.schema, identifier: relation.identifier });
  }

  dataset(relation: RelationRef): LineageDataset {
    return { namespace: this.namespace, name: this.name(relation) };
  }

  /**
   * Reads the columns of `relations` through `adapter`. A failed lookup only
   * leaves the `fields` facets out; its error is returned for the caller to
   * report, never thrown.
   */
  async load(adapter: ComputeAdapter, relations: readonly RelationRef[]): Promise<unknown> {
    const wanted = new Map<string, RelationRef>();
    for (const relation of relations) {
      const key = this.name(relation).toLowerCase();
      if (!this.columns.has(key) && !wanted.has(key)) wanted.set(key, { ...relation, database: relation.database ?? this.database });
    }
    if (wanted.size === 0) return undefined;
    try {
      const described = await adapter.withSession((session) => adapter.getColumnsOfRelations(session, [...wanted.values()]));
      [...wanted.keys()].forEach((key, index) => {
        const columns = described[index];
        if (columns.length > 0) this.columns.set(key, columns.map((column) => ({ name: column.name, type: column.dataType })));
      });
      return undefined;
    } catch (error) {
      return error;
    }
  }

  columnsOf(relation: RelationRef): Columns | undefined {
    return this.columns.get(this.name(relation).toLowerCase());
  }

  withColumns(relation: RelationRef): LineageDataset {
    const fields = this.columnsOf(relation);
    return { ...this.dataset(relation), ...(fields ? { fields } : {}) };
  }

  async columnLineage(sql: string, inputs: LineageDataset[], outputColumns: string[] | undefined): Promise<ColumnLineage | undefined> {
    try {
      const tree = await parseSqlWithDuckDb(sql);
      const known = inputs.filter((input) => input.fields).map((input) => ({ namespace: input.namespace, name: input.name, columns: input.fields!.map((field) => field.name) }));
      return deriveColumnLineage(tree, known, outputColumns ? { outputColumns } : {});
    } catch {
      return undefined; // a parse failure only omits the facet
    }
  }
}

/** Inputs and outputs of a node that ran, with schema, row count and column lineage. */
export async function nodeLineage(lookup: LineageLookup, project: ParsedProject, node: ManifestNode, result: NodeResult): Promise<NodeLineage> {
  const inputs = upstreamRelations(project, node).map((relation) => lookup.withColumns(relation));
  const relation = result.relation ?? node.relation;
  if (!relation || node.config.materialized === 'ephemeral' || node.resourceType === 'test') return { inputs, outputs: [] };
  const output = lookup.withColumns(relation);
  if (result.status !== 'success') return { inputs, outputs: [output] };
  if (result.rowsAffected !== undefined) output.rowCount = result.rowsAffected;
  if (node.resourceType === 'model' && result.compiledSql) {
    const columnLineage = await lookup.columnLineage(result.compiledSql, inputs, output.fields?.map((field) => field.name));
    if (columnLineage) output.columnLineage = columnLineage;
  }
  return { inputs, outputs: [output] };
}
