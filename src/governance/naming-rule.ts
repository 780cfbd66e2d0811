/**
 * Naming: every enabled model's name matches the manifest's pattern
 * (medallion, kimball, or any one of the custom regexes). Under medallion a
 * model in a bronze/silver/gold folder must also carry that folder's prefix.
 * Folders that follow another convention (e.g. `models/staging`) are exempted
 * with a policy override whose pattern is a path glob: `models/staging/**`.
 * `naming.enforcement` sets the severity: off skips, warn warns, strict errs.
 */
import type { Finding } from './finding.js';
import { RULES } from './rule-catalog.js';
import { folderTier } from './model-tier.js';
import type { RuleContext } from './rule-context.js';

export const MEDALLION_PATTERN = '^(bronze|silver|gold)_[a-z][a-z0-9_]*$';
export const KIMBALL_PATTERN = '^(dim|fact|bridge|hub|link|sat)_[a-z][a-z0-9_]*$';

export function namingRule(context: RuleContext): Finding[] {
  const { naming } = context.settings;
  if (naming.enforcement === 'off') return [];
  const severity = naming.enforcement === 'strict' ? 'error' : 'warning';
  const findings: Finding[] = [];

  const sources = naming.pattern === 'medallion' ? [MEDALLION_PATTERN] : naming.pattern === 'kimball' ? [KIMBALL_PATTERN] : naming.customPatterns;
  const patterns: RegExp[] = [];
  sources.forEach((source, index) => {
    try {
      patterns.push(new RegExp(source));
    } catch (error) {
      findings.push({
        ruleId: RULES.naming.id,
        rule: RULES.naming.name,
        severity: 'error',
        message: `custom naming pattern '${source}' is not a valid regular expression: ${(error as Error).message}`,
        ...context.manifestLocation(['governance', 'naming', 'custom_patterns', index]),
        hint: 'fix the regular expression in governance.naming.custom_patterns',
      });
    }
  });
  if (patterns.length === 0) return findings;
  const described = naming.pattern === 'custom' ? `one of the custom patterns (${sources.join(', ')})` : `the ${naming.pattern} pattern ${sources[0]}`;

  for (const model of context.models) {
    const { node } = model;
    const location = { file: model.file, line: model.line, column: model.column, node: node.uniqueId };
    if (!patterns.some((pattern) => pattern.test(node.name))) {
      findings.push({
        ruleId: RULES.naming.id,
        rule: RULES.naming.name,
        severity,
        message: `model '${node.name}' does not match ${described}`,
        ...location,
        hint: namingHint(naming.pattern, model.tier),
      });
      continue;
    }
    if (naming.pattern === 'medallion') {
      const folder = folderTier(node);
      const prefix = node.name.split('_')[0];
      if (folder && prefix !== folder) {
        findings.push({
          ruleId: RULES.layerMismatch.id,
          rule: RULES.layerMismatch.name,
          severity,
          message: `model '${node.name}' is named for the ${prefix} layer but lives in the ${folder} folder`,
          ...location,
          hint: `rename it to '${folder}_${node.name.slice(prefix.length + 1)}', or move it to a ${prefix} folder`,
        });
      }
    }
  }
  return findings;
}

function namingHint(pattern: 'medallion' | 'kimball' | 'custom', tier: string | undefined): string {
  switch (pattern) {
    case 'medallion':
      return `rename the model with its layer prefix, e.g. '${tier ?? 'silver'}_<name>' (lowercase, underscores), or exempt its folder with a policy override`;
    case 'kimball':
      return "rename the model with a kimball prefix (dim_, fact_, bridge_, hub_, link_, sat_), or exempt its folder with a policy override";
    case 'custom':
      return 'rename the model to match a pattern in governance.naming.custom_patterns, or exempt it with a policy override';
  }
}
