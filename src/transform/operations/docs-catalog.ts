/**
 * `floe docs generate`: target/manifest.json and target/catalog.json (dbt's
 * catalog v1): for every model, seed, snapshot and source that exists in the
 * warehouse, its kind and its columns with types, read in one catalog query
 * per schema.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { RelationRef } from '../../compute/index.js';
import type { FloeError } from '../../errors/index.js';
import { writeFileAtomic } from '../../files/index.js';
import { writeManifestJson } from '../artifacts/index.js';
import { DBT_COMPATIBLE_VERSION } from '../dbt-version.js';
import { openProject, type ProjectOperationOptions } from './open-project.js';

export const CATALOG_SCHEMA_VERSION = 'https://schemas.getdbt.com/dbt/catalog/v1.json';

interface CatalogEntry {
  uniqueId: string;
  relation: RelationRef;
}

export async function generateDocs(options: ProjectOperationOptions): Promise<{ catalogPath: string; manifestPath: string; documented: number; missing: string[]; warnings: FloeError[] }> {
  const opened = await openProject(options);
  const { project, adapter, targetDir } = opened;
  try {
    const manifestPath = writeManifestJson(project, targetDir);
    const entries: Array<CatalogEntry & { source: boolean }> = [];
    for (const node of project.nodes.values()) {
      if (node.relation && (node.resourceType === 'model' || node.resourceType === 'seed' || node.resourceType === 'snapshot')) entries.push({ uniqueId: node.uniqueId, relation: node.relation, source: false });
    }
    for (const source of project.sources.values()) entries.push({ uniqueId: source.uniqueId, relation: source.relation, source: true });
    const { columns, kinds } = await adapter.withSession(async (session) => {
      const columns = await adapter.getColumnsOfRelations(session, entries.map((e) => e.relation));
      const kinds = await Promise.all(entries.map((e, i) => (columns[i].length > 0 ? adapter.getRelation(session, e.relation) : Promise.resolve(undefined))));
      return { columns, kinds };
    });
    const nodes: Record<string, unknown> = {};
    const sources: Record<string, unknown> = {};
    const missing: string[] = [];
    entries.forEach((entry, i) => {
      if (columns[i].length === 0) {
        missing.push(entry.uniqueId);
        return;
      }
      const json = {
        metadata: {
          type: kinds[i]?.kind === 'view' ? 'VIEW' : 'BASE TABLE',
          schema: entry.relation.schema,
          name: entry.relation.identifier,
          database: entry.relation.database ?? adapter.database,
          comment: null,
          owner: null,
        },
        columns: Object.fromEntries(columns[i].map((column, index) => [column.name, { type: column.dataType, index: index + 1, name: column.name, comment: null }])),
        stats: { has_stats: { id: 'has_stats', label: 'Has Stats?', value: false, include: false, description: 'Indicates whether there are statistics for this table' } },
        unique_id: entry.uniqueId,
      };
      (entry.source ? sources : nodes)[entry.uniqueId] = json;
    });
    const catalog = {
      metadata: { dbt_schema_version: CATALOG_SCHEMA_VERSION, dbt_version: DBT_COMPATIBLE_VERSION, generated_at: new Date().toISOString(), invocation_id: randomUUID(), env: {} },
      nodes,
      sources,
      errors: null,
    };
    const catalogPath = join(targetDir, 'catalog.json');
    writeFileAtomic(catalogPath, `${JSON.stringify(catalog, null, 2)}\n`);
    return { catalogPath, manifestPath, documented: Object.keys(nodes).length + Object.keys(sources).length, missing, warnings: project.warnings };
  } finally {
    await opened.close();
  }
}
