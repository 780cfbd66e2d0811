/**
 * Approved plugins: where the (enterprise) manifest lists `approved_plugins`
 * for a category, the selected plugin of that category — and, for compute,
 * the type of every approved compute — must be on that list. Categories
 * without a list are unrestricted.
 */
import type { Finding } from './finding.js';
import { RULES } from './rule-catalog.js';
import type { RuleContext } from './rule-context.js';

export function approvedPluginsRule(context: RuleContext): Finding[] {
  const { manifest } = context.input;
  const approvedLists = manifest.approved_plugins ?? {};
  const findings: Finding[] = [];
  const categories = Object.keys(approvedLists).sort();
  for (const category of categories) {
    const allowed = approvedLists[category];
    if (!allowed) continue;
    const selected = manifest.plugins?.[category];
    if (selected && !allowed.includes(selected.type)) {
      findings.push({
        ruleId: RULES.unapprovedPlugin.id,
        rule: RULES.unapprovedPlugin.name,
        severity: 'error',
        message: `${category} plugin '${selected.type}' is not approved (approved_plugins.${category}: ${allowed.join(', ') || 'none'})`,
        ...context.manifestLocation(['plugins', category, 'type']),
        hint: `select one of: ${allowed.join(', ') || '(none)'}, or ask the enterprise platform owners to approve '${selected.type}'`,
      });
    }
  }
  const computeTypes = approvedLists.compute;
  if (computeTypes) {
    (manifest.compute?.approved ?? []).forEach((target, index) => {
      if (computeTypes.includes(target.type)) return;
      findings.push({
        ruleId: RULES.unapprovedPlugin.id,
        rule: RULES.unapprovedPlugin.name,
        severity: 'error',
        message: `compute '${target.name}' is of type '${target.type}', which approved_plugins.compute does not allow (${computeTypes.join(', ') || 'none'})`,
        ...context.manifestLocation(['compute', 'approved', index, 'type']),
        hint: `use a compute of type ${computeTypes.join(' or ') || '(none)'}, or ask the enterprise platform owners to approve '${target.type}'`,
      });
    });
  }
  return findings;
}
