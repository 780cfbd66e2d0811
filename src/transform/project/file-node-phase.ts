/**
 * Phase 5: nodes from files — models, seeds, singular tests and snapshots of
 * every project (and snapshots defined in YAML) — each with its config
 * merged (dbt_project.yml trees < property YAML < `{{ config() }}`), its
 * ref/source/config calls found by a parse-time render, and its patch
 * (description, columns) attached.
 */
import { createHash } from 'node:crypto';
import { didYouMean, FloeError, type SourcePosition } from '../../errors/index.js';
import type { ColumnInfo, ManifestNode, ResourceType } from '../types.js';
import { treeLayers } from './config-phase.js';
import { resolveDocReferences } from './doc-blocks.js';
import type { ProjectFile } from './file-discovery.js';
import { checkConfigKeys, finalizeConfig } from './node-config.js';
import { findCalls, type RenderCacheSlot } from './parse-time-render.js';
import { hashOf } from './partial-parse.js';
import type { PackageState, ParseSession } from './parse-session.js';
import type { ColumnPatch, NodePatch } from './property-yaml.js';

type FileResource = 'model' | 'seed' | 'test' | 'snapshot';

function sha256(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** `{{ doc() }}` references in a description, resolved against the package's doc blocks. */
export function describer(session: ParseSession, pkg: PackageState): (text: string, position: SourcePosition) => string {
  return (text, position) => resolveDocReferences(text, session.docs, pkg.name, position, session.errors);
}

export function columnsFrom(columns: ColumnPatch[], describe: (text: string, position: SourcePosition) => string): Record<string, ColumnInfo> {
  const result: Record<string, ColumnInfo> = {};
  for (const column of columns) {
    result[column.name] = {
      name: column.name,
      description: describe(column.description, column.position),
      ...(column.dataType !== undefined ? { data_type: column.dataType } : {}),
      meta: column.meta,
      tags: column.tags,
      position: column.position,
      ...(column.quote !== undefined ? { quote: column.quote } : {}),
    };
  }
  return result;
}

function cacheSlot(session: ParseSession, pkg: PackageState, entry: string, resourceType: ResourceType): RenderCacheSlot | undefined {
  const cache = session.cache;
  return cache && { cache, entry, key: (base) => hashOf(resourceType, pkg.name, entry, base.this, base.model) };
}

const SNAPSHOT_BLOCK = /\{%-?\s*snapshot\s+([A-Za-z_][A-Za-z0-9_]*)\s*-?%\}([\s\S]*?)\{%-?\s*endsnapshot\s*-?%\}/g;

interface NodeSource {
  file: ProjectFile;
  resourceType: FileResource;
  name: string;
  rawCode: string;
  fqn: string[];
  /** The file position of the node's code (a snapshot block starts inside its file). */
  position: SourcePosition;
  patch?: NodePatch;
  /** For YAML snapshots: the YAML file the node is defined in. */
  definedIn?: ProjectFile;
}

export function buildFileNodes(session: ParseSession): void {
  const engineAccessor = () => session.engine ?? null;
  for (const pkg of session.packages) {
    const describe = describer(session, pkg);
    const byName = new Map<string, ManifestNode>();

    const build = (source: NodeSource): void => {
      const { file, resourceType, name, rawCode, fqn, patch } = source;
      const uniqueId = `${resourceType}.${pkg.name}.${name}`;
      const displayPath = source.position.file;
      if (patch) pkg.matchedPatches.add(patch);
      const origin = source.definedIn ?? file;
      const node: ManifestNode = {
        uniqueId,
        resourceType,
        name,
        packageName: pkg.name,
        path: origin.path,
        originalFilePath: origin.originalFilePath,
        absolutePath: origin.absolutePath,
        fqn,
        rawCode,
        checksum: resourceType === 'seed' ? (pkg.files.seedChecksums.get(file.originalFilePath) ?? '') : sha256(rawCode),
        config: { enabled: true, materialized: resourceType === 'snapshot' ? 'snapshot' : 'view', tags: [], meta: {} },
        description: '',
        columns: {},
        patchPath: patch ? `${pkg.name}://${(pkg.yamlByDisplayPath.get(patch.file) ?? file).originalFilePath}` : undefined,
        refs: [],
        sources: [],
        dependsOn: { nodes: [], macros: [] },
        position: source.position,
      };
      const fromTree = treeLayers(session, pkg, resourceType, fqn);
      const layers: Array<Record<string, unknown>> = [];
      if (patch) {
        checkConfigKeys(patch.config, patch.configPosition, session.warnings);
        layers.push(patch.config);
      }
      if (resourceType !== 'seed') {
        const findings = findCalls(
          rawCode,
          displayPath,
          engineAccessor,
          () => {
            // Only when Jinja renders: the config so far is visible to it (e.g. config.get('materialized')).
            node.config = session.configs.resolve(resourceType, fromTree, layers) as ManifestNode['config'];
            return session.hookBase(node, pkg);
          },
          session.errors,
          cacheSlot(session, pkg, resourceType === 'snapshot' ? `${displayPath}#${name}` : displayPath, resourceType),
        );
        for (const values of findings.configs) {
          checkConfigKeys(values, source.position, session.warnings);
          layers.push(values);
        }
        session.findings.set(uniqueId, findings);
      }
      node.config = finalizeConfig(session.configs.resolve(resourceType, fromTree, layers), patch?.configPosition ?? source.position, uniqueId, session.errors);
      if (resourceType === 'snapshot') checkSnapshotConfig(node, patch?.configPosition ?? source.position, session.errors);
      if (node.config.enabled === false) {
        if (resourceType !== 'test') pkg.disabled.set(name, uniqueId);
        return;
      }
      if (patch) {
        node.description = describe(patch.description, patch.position);
        node.columns = columnsFrom(patch.columns, describe);
      }
      const key = resourceType === 'test' ? `test:${name}` : `ref:${name}`;
      const existing = byName.get(key);
      if (existing) {
        session.errors.push(
          new FloeError('FLOE_DUPLICATE_NODE', `two resources are named '${name}': ${existing.position.file} and ${displayPath}`, {
            position: source.position,
            hint: 'ref() finds nodes by file name, so names must be unique within a project; rename one file (or set enabled: false on one)',
          }),
        );
        return;
      }
      byName.set(key, node);
      session.nodes.push(node);
    };

    const display = (file: ProjectFile): string => file.displayPath ?? file.originalFilePath;
    for (const file of pkg.files.models) {
      build({ file, resourceType: 'model', name: file.stem, rawCode: file.text ?? '', fqn: [pkg.name, ...file.folders, file.stem], position: { file: display(file) }, patch: pkg.patches.get(`models:${file.stem}`) });
    }
    for (const file of pkg.files.seeds) {
      build({ file, resourceType: 'seed', name: file.stem, rawCode: '', fqn: [pkg.name, ...file.folders, file.stem], position: { file: display(file) }, patch: pkg.patches.get(`seeds:${file.stem}`) });
    }
    for (const file of pkg.files.singularTests) {
      build({ file, resourceType: 'test', name: file.stem, rawCode: file.text ?? '', fqn: [pkg.name, ...file.folders, file.stem], position: { file: display(file) } });
    }
    for (const file of pkg.files.snapshots) {
      const text = file.text ?? '';
      for (const match of text.matchAll(SNAPSHOT_BLOCK)) {
        const line = text.slice(0, match.index).split('\n').length;
        const name = match[1];
        build({
          file,
          resourceType: 'snapshot',
          name,
          rawCode: match[2],
          fqn: [pkg.name, ...file.folders, file.stem, name],
          position: { file: display(file), line },
          patch: pkg.patches.get(`snapshots:${name}`),
        });
      }
    }
    // dbt 1.9: snapshots defined in YAML, with `relation:` naming what to snapshot.
    for (const patch of pkg.patches.values()) {
      if (patch.kind !== 'snapshots' || patch.relation === undefined) continue;
      const yamlFile = pkg.yamlByDisplayPath.get(patch.file);
      if (!yamlFile) continue;
      build({
        file: yamlFile,
        definedIn: yamlFile,
        resourceType: 'snapshot',
        name: patch.name,
        rawCode: `select * from {{ ${patch.relation} }}`,
        fqn: [pkg.name, ...yamlFile.folders, patch.name],
        position: patch.position,
        patch,
      });
    }
  }
}

/** Warnings for patches naming a node no file defines. */
export function unmatchedPatchWarnings(session: ParseSession): void {
  for (const pkg of session.packages) {
    if (pkg !== session.root) continue;
    for (const patch of pkg.patches.values()) {
      if (pkg.matchedPatches.has(patch) || patch.kind === 'analyses') continue;
      if (pkg.disabled.has(patch.name)) continue;
      const kind = patch.kind === 'models' ? 'model' : patch.kind === 'seeds' ? 'seed' : 'snapshot';
      const candidates = (patch.kind === 'models' ? pkg.files.models : patch.kind === 'seeds' ? pkg.files.seeds : pkg.files.snapshots).map((f) => f.stem);
      const folder = kind === 'model' ? 'models' : kind === 'seed' ? 'seeds' : 'snapshots';
      session.warnings.push(
        new FloeError('FLOE_PATCH_NOT_FOUND', `'${patch.name}' is described under ${patch.kind}: but there is no ${kind} named ${patch.name}`, {
          severity: 'warning',
          position: patch.position,
          hint: didYouMean(patch.name, candidates) || `create ${folder}/${patch.name}.${kind === 'seed' ? 'csv' : 'sql'} or remove the entry`,
        }),
      );
    }
  }
}

/** What a snapshot needs before it can run (dbt checks the same at parse time). */
function checkSnapshotConfig(node: ManifestNode, position: SourcePosition, errors: FloeError[]): void {
  const config = node.config as Record<string, unknown>;
  if (config.enabled === false) return;
  const problem = (message: string, hint: string): void => {
    errors.push(new FloeError('FLOE_SNAPSHOT_INVALID', `snapshot ${node.name}: ${message}`, { position, hint }));
  };
  const strategy = config.strategy === undefined ? undefined : String(config.strategy);
  if (strategy !== 'timestamp' && strategy !== 'check') {
    problem(strategy === undefined ? "no strategy is set" : `strategy '${strategy}' is not one floe knows`, "set strategy='timestamp' (with updated_at=) or strategy='check' (with check_cols=)");
  }
  if (config.unique_key === undefined || config.unique_key === null || config.unique_key === '') problem('no unique_key is set', 'set unique_key= to the column (or list of columns) that identifies a row');
  if (strategy === 'timestamp' && (config.updated_at === undefined || config.updated_at === null)) problem("the timestamp strategy needs updated_at", "set updated_at='<column holding the row\\'s last change>'");
  if (strategy === 'check' && (config.check_cols === undefined || config.check_cols === null)) problem("the check strategy needs check_cols", "set check_cols=['col_a', 'col_b'] or check_cols='all'");
  const hardDeletes = config.hard_deletes;
  if (hardDeletes !== undefined && hardDeletes !== null && !['ignore', 'invalidate', 'new_record'].includes(String(hardDeletes))) {
    problem(`hard_deletes '${String(hardDeletes)}' is not one of ignore, invalidate, new_record`, 'use one of ignore, invalidate, new_record');
  }
}
