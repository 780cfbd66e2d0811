/**
 * Phase 8: every ref()/source() resolved to a dependency (a package's
 * `ref('x')` prefers its own package's x; `ref('pkg', 'x')` names one), and
 * every model, seed and snapshot given the relation it builds — through the
 * root project's generate_*_name overrides, which apply to packages too.
 * Two nodes building the same relation is an error.
 */
import { FloeError } from '../../errors/index.js';
import type { ManifestNode } from '../types.js';
import type { PackageState, ParseSession } from './parse-session.js';
import { buildReferenceIndex, resolveDependencies } from './reference-resolution.js';
import { nodeRelation } from './relation-naming.js';

const NAMING_MACROS = ['generate_schema_name', 'generate_alias_name', 'generate_database_name'];

export function resolveNodeDependencies(session: ParseSession): void {
  const disabled = new Map<string, string>();
  for (const pkg of session.packages) for (const [name, id] of pkg.disabled) if (!disabled.has(name)) disabled.set(name, id);
  const index = buildReferenceIndex(session.nodes, session.sources.values(), disabled, session.disabledSources);
  resolveDependencies(session.nodes, session.findings, session.testNodes.filter((node) => node.resourceType !== 'unit_test'), index, session.errors);
}

export async function assignRelations(session: ParseSession): Promise<void> {
  const macros = session.engine?.macros ?? [];
  const overridden = new Set(macros.filter((m) => m.packageName === session.root.name && NAMING_MACROS.includes(m.name)).map((m) => m.name));
  const packageOf = new Map(session.packages.map((pkg) => [pkg.name, pkg]));
  const naming = {
    targetDatabase: session.database,
    targetSchema: session.schema,
    engine: session.engine,
    overridden,
    hooks: (node: ManifestNode) => session.plainHooks(packageOf.get(node.packageName) as PackageState, node),
  };
  const built = new Map<string, ManifestNode>();
  for (const node of session.nodes) {
    if (node.resourceType === 'test' || node.config.materialized === 'ephemeral') continue;
    const legacySchema = node.resourceType === 'snapshot' ? node.config.target_schema : undefined;
    if (legacySchema !== undefined && legacySchema !== null && String(legacySchema) !== '') {
      // A snapshot with target_schema lands exactly there (dbt's pre-1.9 snapshots skip generate_schema_name).
      const database = node.config.target_database;
      node.relation = {
        database: database === undefined || database === null || String(database) === '' ? session.database : String(database),
        schema: String(legacySchema),
        identifier: node.config.alias ? String(node.config.alias) : node.name,
      };
    } else {
      node.relation = await nodeRelation(node, naming, session.errors);
    }
    const key = `${node.relation.database ?? ''}.${node.relation.schema}.${node.relation.identifier}`.toLowerCase();
    const other = built.get(key);
    if (other) {
      session.errors.push(
        new FloeError('FLOE_DUPLICATE_RELATION', `${other.uniqueId} and ${node.uniqueId} would both build ${node.relation.schema}.${node.relation.identifier}`, {
          position: node.position,
          hint: 'give one of them another alias or schema (config alias= / schema=), or disable one',
        }),
      );
    } else built.set(key, node);
  }
}
