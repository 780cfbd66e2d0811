/**
 * Quality gates on tests (definitions in test-coverage.ts): each project's
 * model coverage reaches `minimum_test_coverage`, and each model's column
 * coverage reaches its tier's `layer_thresholds` entry. With
 * `block_on_failure: false` the findings are warnings.
 */
import type { Finding } from './finding.js';
import { RULES } from './rule-catalog.js';
import type { RuleContext } from './rule-context.js';
import { formatPercent, indexTests, modelCoverage, projectModelCoverage, type TestIndex } from './test-coverage.js';
import type { ParsedProject } from '../transform/index.js';

export function testCoverageRule(context: RuleContext): Finding[] {
  const { gates } = context.settings;
  const severity = gates.blockOnFailure ? 'error' : 'warning';
  const findings: Finding[] = [];
  const indexes = new Map<ParsedProject, TestIndex>();
  const indexFor = (project: ParsedProject) => {
    let index = indexes.get(project);
    if (!index) indexes.set(project, (index = indexTests(project)));
    return index;
  };

  for (const { transform, project } of context.input.projects) {
    const models = context.models.filter((model) => model.project === project).map((model) => model.node);
    const coverage = projectModelCoverage(models, indexFor(project));
    if (coverage.percent < gates.minimumTestCoverage) {
      findings.push({
        ruleId: RULES.productCoverage.id,
        rule: RULES.productCoverage.name,
        severity,
        message: `${coverage.tested} of ${coverage.total} models in ${transform.path} have tests (${formatPercent(coverage.percent)}%), below the minimum test coverage of ${gates.minimumTestCoverage}%`,
        file: context.productRelative(project, transform, 'dbt_project.yml'),
        hint: `add tests (e.g. \`data_tests: [not_null, unique]\` on a column in the model's YAML) to ${Math.ceil((gates.minimumTestCoverage / 100) * coverage.total) - coverage.tested} more model(s)`,
      });
    }
  }

  for (const model of context.models) {
    if (!model.tier) continue;
    const threshold = gates.layerThresholds[model.tier];
    const coverage = modelCoverage(model.node, indexFor(model.project));
    if (coverage.columnCoverage >= threshold) continue;
    const untested = coverage.declaredColumns.filter((name) => !coverage.testedColumns.includes(name));
    const detail =
      coverage.declaredColumns.length === 0
        ? 'it declares no columns and has no tests'
        : `${coverage.testedColumns.length} of ${coverage.declaredColumns.length} declared columns tested (${formatPercent(coverage.columnCoverage)}%)`;
    findings.push({
      ruleId: RULES.tierCoverage.id,
      rule: RULES.tierCoverage.name,
      severity,
      message: `${model.tier} model '${model.node.name}' is below the ${model.tier} test coverage threshold of ${threshold}%: ${detail}`,
      file: model.file,
      line: model.line,
      column: model.column,
      node: model.node.uniqueId,
      hint:
        coverage.declaredColumns.length === 0
          ? "declare the model's columns in its YAML and add tests to them"
          : `add tests to: ${untested.join(', ')}`,
    });
  }
  return findings;
}
