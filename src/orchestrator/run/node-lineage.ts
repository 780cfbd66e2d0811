/**
 * The lineage of the nodes of one finished step: datasets named from the
 * compute connection, their columns read from the engine after the step
 * ran, column lineage from the compiled SQL, and the tests' outcomes as data
 * quality assertions on the dataset they test. Anything that cannot be
 * looked up (a table that failed to build, SQL DuckDB cannot parse) just
 * leaves its facet out.
 */
import type { ComputeAdapter, ComputeSession } from '../../compute/index.js';
import {
  datasetName,
  deriveColumnLineage,
  parseSqlWithDuckDb,
  type ColumnLineage,
  type DataQualityAssertion,
  type LineageDataset,
} from '../../observability/index.js';
import type { ManifestNode, NodeResult, ParsedProject, RelationRef } from '../../transform/index.js';

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

/** An adapter and the one session every lookup of a step goes through. */
interface OpenLookup {
  adapter: ComputeAdapter;
  session: ComputeSession;
  /** Ends the session (its `withSession` then returns). */
  release(): void;
}

/**
 * Looks up columns on a fresh connection to the step's compute (the run's own
 * was closed with the step): one session for all of a step's lookups, one
 * query at a time on it — a session per lookup cost a connection per table.
 */
export class LineageLookup {
  private readonly columns = new Map<string, Promise<Columns | undefined>>();
  private opened: Promise<OpenLookup | undefined> | undefined;
  /** Queries on the one session, in turn. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Settles once the session has ended. */
  private sessionEnded: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly project: ParsedProject,
    readonly namespace: string,
    private readonly database: string,
  ) {}

  name(relation: RelationRef): string {
    return datasetName({ database: relation.database ?? this.database, schema: relation.schema, identifier: relation.identifier });
  }

  dataset(relation: RelationRef): LineageDataset {
    return { namespace: this.namespace, name: this.name(relation) };
  }

  private open(): Promise<OpenLookup | undefined> {
    // compute is imported here, not with the file: only a run with lineage on reaches it (and by then the run has loaded it anyway).
    this.opened ??= import('../../compute/index.js')
      .then(({ createAdapter }) => createAdapter(this.project.target.config, { projectRoot: this.project.root, projectName: this.project.settings.name }))
      .then(
        (adapter) =>
          new Promise<OpenLookup>((resolve, reject) => {
            let release!: () => void;
            const releasedBy = new Promise<void>((done) => (release = done));
            this.sessionEnded = adapter
              .withSession(async (session) => {
                resolve({ adapter, session, release });
                await releasedBy;
              })
              .catch(async (error: unknown) => {
                await adapter.close().catch(() => undefined);
                reject(error); // no lookups then: the facets are left out
              });
          }),
      )
      .catch(() => undefined);
    return this.opened;
  }

  columnsOf(relation: RelationRef): Promise<Columns | undefined> {
    const key = this.name(relation).toLowerCase();
    let found = this.columns.get(key);
    if (!found) {
      found = this.open().then((open) => {
        if (!open) return undefined;
        const lookup = this.queue.then(async () => {
          const described = await open.adapter.getColumns(open.session, { ...relation, database: relation.database ?? this.database });
          return described.length > 0 ? described.map((column) => ({ name: column.name, type: column.dataType })) : undefined;
        });
        this.queue = lookup.catch(() => undefined);
        return lookup.catch(() => undefined);
      });
      this.columns.set(key, found);
    }
    return found;
  }

  async withColumns(relation: RelationRef): Promise<LineageDataset> {
    const fields = await this.columnsOf(relation);
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

  async close(): Promise<void> {
    const open = await this.opened;
    if (!open) return;
    await this.queue;
    open.release();
    await this.sessionEnded;
    await open.adapter.close().catch(() => undefined);
  }
}

/** Inputs and outputs of a node that ran, with schema, row count and column lineage. */
export async function nodeLineage(lookup: LineageLookup, project: ParsedProject, node: ManifestNode, result: NodeResult): Promise<NodeLineage> {
  const inputs = await Promise.all(upstreamRelations(project, node).map((relation) => lookup.withColumns(relation)));
  const relation = result.relation ?? node.relation;
  if (!relation || node.config.materialized === 'ephemeral' || node.resourceType === 'test') return { inputs, outputs: [] };
  const output = await lookup.withColumns(relation);
  if (result.status !== 'success') return { inputs, outputs: [output] };
  if (result.rowsAffected !== undefined) output.rowCount = result.rowsAffected;
  if (node.resourceType === 'model' && result.compiledSql) {
    const columnLineage = await lookup.columnLineage(result.compiledSql, inputs, output.fields?.map((field) => field.name));
    if (columnLineage) output.columnLineage = columnLineage;
  }
  return { inputs, outputs: [output] };
}
