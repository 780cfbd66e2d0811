/**
 * `ref()` and `source()` at run time: name → node / source table, indexed
 * once per run. Parse already rejected unknown names; a miss here means a
 * ref built dynamically at run time, reported with a "did you mean".
 */
import { didYouMean, FloeError } from '../../errors/index.js';
import type { ManifestNode, ParsedProject, RefCall, SourceTable } from '../types.js';

const REFERABLE = new Set(['model', 'seed', 'snapshot']);

export class NodeLookup {
  private readonly byName = new Map<string, ManifestNode[]>();
  private readonly sources = new Map<string, SourceTable[]>();

  constructor(private readonly project: ParsedProject) {
    for (const node of project.nodes.values()) {
      if (!REFERABLE.has(node.resourceType)) continue;
      const list = this.byName.get(node.name) ?? [];
      list.push(node);
      this.byName.set(node.name, list);
    }
    for (const source of project.sources.values()) {
      const key = sourceKey(source.sourceName, source.name);
      this.sources.set(key, [...(this.sources.get(key) ?? []), source]);
    }
  }

  /** The node `ref()` points at, preferring the caller's package, then the root project (dbt's order). */
  ref(call: RefCall, from: ManifestNode): ManifestNode {
    const candidates = (this.byName.get(call.name) ?? []).filter((node) => call.package === undefined || node.packageName === call.package);
    const found =
      candidates.find((node) => node.packageName === from.packageName) ??
      candidates.find((node) => node.packageName === this.project.settings.name) ??
      candidates[0];
    if (found) return found;
    const target = call.package ? `${call.package}.${call.name}` : call.name;
    throw new FloeError('FLOE_UNKNOWN_REF', `${from.resourceType} ${from.name} refers to '${target}', which is not a model, seed or snapshot in this project`, {
      position: call.position ?? { file: from.originalFilePath },
      hint: didYouMean(call.name, this.byName.keys()) || 'check the name in ref()',
    });
  }

  source(sourceName: string, tableName: string, from: ManifestNode): SourceTable {
    const candidates = this.sources.get(sourceKey(sourceName, tableName)) ?? [];
    const found = candidates.find((source) => source.packageName === from.packageName) ?? candidates[0];
    if (found) return found;
    throw new FloeError('FLOE_UNKNOWN_SOURCE', `${from.resourceType} ${from.name} refers to source '${sourceName}.${tableName}', which is not declared`, {
      position: { file: from.originalFilePath },
      hint: didYouMean(`${sourceName}.${tableName}`, [...this.sources.values()].flat().map((s) => `${s.sourceName}.${s.name}`)) || 'declare it under sources: in a property YAML file',
    });
  }
}

function sourceKey(sourceName: string, tableName: string): string {
  return `${sourceName}\u0000${tableName}`;
}
