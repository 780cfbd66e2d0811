/**
 * Runs hand-built projects through `executeNodes` on a real engine: writes
 * seed CSVs to a temp project folder, builds nodes in the adapter's schema,
 * and runs the selection with a target dir for artifacts.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ComputeAdapter } from '../../../src/compute/index.js';
import { executeNodes } from '../../../src/transform/execution/index.js';
import type { ExecuteOptions, RunOutcome } from '../../../src/transform/execution/index.js';
import type { ManifestNode, MacroDefinition, ParsedProject } from '../../../src/transform/types.js';
import { graphOf, node, project, uniqueIdOf } from './hand-built-project.js';
import type { NodeSpec } from './hand-built-project.js';

export interface FixtureSpec extends NodeSpec {
  /** Seed content, written to seeds/<name>.csv. */
  csv?: string;
  /** Names of other nodes (models/seeds) this one depends on; turned into unique ids. */
  after?: string[];
}

export interface Fixture {
  dir: string;
  targetDir: string;
  project: ParsedProject;
  id(name: string): string;
  run(options?: Partial<ExecuteOptions> & { only?: string[] }): Promise<RunOutcome>;
}

export function fixture(adapter: ComputeAdapter, specs: FixtureSpec[], macros: Array<{ name: string; sql: string }> = []): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'floe-exec-project-'));
  const ids = new Map<string, string>();
  for (const spec of specs) ids.set(spec.name, uniqueIdOf(spec));
  const nodes: ManifestNode[] = specs.map((spec) => {
    let absolutePath: string | undefined;
    if (spec.csv !== undefined) {
      mkdirSync(join(dir, 'seeds'), { recursive: true });
      absolutePath = join(dir, 'seeds', `${spec.name}.csv`);
      writeFileSync(absolutePath, spec.csv);
    }
    const dependsOn = [...(spec.dependsOn ?? []), ...(spec.after ?? []).map((name) => ids.get(name) ?? name)];
    const built = node({ ...spec, dependsOn, absolutePath }, adapter.schema);
    if (spec.test?.attachedTo) built.attachedNode = ids.get(spec.test.attachedTo) ?? spec.test.attachedTo;
    return built;
  });
  const macroMap = new Map<string, MacroDefinition>(
    macros.map((macro) => [
      `macro.demo.${macro.name}`,
      { uniqueId: `macro.demo.${macro.name}`, name: macro.name, packageName: 'demo', originalFilePath: `macros/${macro.name}.sql`, macroSql: macro.sql, arguments: [], position: { file: `macros/${macro.name}.sql` } },
    ]),
  );
  const parsed = project(nodes, { root: dir, macros: macroMap });
  parsed.target = { profileName: 'demo', targetName: 'dev', threads: 1, config: { type: adapter.type } };
  const graph = graphOf(parsed);
  const targetDir = join(dir, 'target');
  return {
    dir,
    targetDir,
    project: parsed,
    id: (name) => ids.get(name) ?? name,
    run(options = {}) {
      const selected = options.only ? options.only.map((name) => ids.get(name) ?? name) : [...parsed.nodes.keys()];
      return executeNodes(parsed, graph, adapter, { targetDir, ...options, selected });
    },
  };
}

export function statusOf(outcome: RunOutcome, id: string): string | undefined {
  return outcome.results.find((result) => result.uniqueId === id)?.status;
}
