/**
 * Test coverage, defined once here and in docs/governance.md:
 *
 * - A test covers a model when it is a generic test attached to the model
 *   (`attachedNode`), or a singular test that refs the model.
 * - A column is tested when a generic test is attached to that model and
 *   names that column (`column_name`), compared case-insensitively.
 * - A model's column coverage = tested declared columns / declared columns
 *   (columns listed in its property YAML), in percent. A model that declares
 *   no columns counts 100 when it has at least one test, else 0.
 * - A project's model coverage = models with at least one test / models, in
 *   percent (100 when it has no models). Disabled nodes do not count.
 */
import type { ManifestNode, ParsedProject } from '../transform/index.js';

export interface ModelCoverage {
  testCount: number;
  declaredColumns: string[];
  testedColumns: string[];
  /** 0–100. */
  columnCoverage: number;
}

export interface TestIndex {
  /** Tests covering each model, by unique id. */
  testsByModel: Map<string, ManifestNode[]>;
}

export function indexTests(project: ParsedProject): TestIndex {
  const testsByModel = new Map<string, ManifestNode[]>();
  const add = (modelId: string, test: ManifestNode) => {
    const list = testsByModel.get(modelId) ?? [];
    list.push(test);
    testsByModel.set(modelId, list);
  };
  for (const node of project.nodes.values()) {
    if (node.resourceType !== 'test' || node.config.enabled === false) continue;
    if (node.attachedNode) add(node.attachedNode, node);
    else if (!node.testMetadata) for (const dependency of new Set(node.dependsOn.nodes)) add(dependency, node);
  }
  return { testsByModel };
}

export function modelCoverage(model: ManifestNode, index: TestIndex): ModelCoverage {
  const tests = index.testsByModel.get(model.uniqueId) ?? [];
  const declaredColumns = Object.values(model.columns).map((column) => column.name);
  const testedNames = new Set(
    tests.filter((test) => test.attachedNode === model.uniqueId && test.columnName).map((test) => String(test.columnName).toLowerCase()),
  );
  const testedColumns = declaredColumns.filter((name) => testedNames.has(name.toLowerCase()));
  const columnCoverage =
    declaredColumns.length === 0 ? (tests.length > 0 ? 100 : 0) : (testedColumns.length / declaredColumns.length) * 100;
  return { testCount: tests.length, declaredColumns, testedColumns, columnCoverage };
}

/** Percent of `models` with at least one test. */
export function projectModelCoverage(models: readonly ManifestNode[], index: TestIndex): { tested: number; total: number; percent: number } {
  const tested = models.filter((model) => (index.testsByModel.get(model.uniqueId)?.length ?? 0) > 0).length;
  return { tested, total: models.length, percent: models.length === 0 ? 100 : (tested / models.length) * 100 };
}

/** `83.3` — one decimal, no trailing `.0`. */
export function formatPercent(value: number): string {
  return String(Math.round(value * 10) / 10);
}
