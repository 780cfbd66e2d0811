/**
 * Approved compute: every transform runs on a compute the manifest approves.
 * A transform without `compute` uses the manifest's default (or its first
 * approved compute). Config loading reports the same mistake as a load error;
 * this rule keeps governance complete on its own (e.g. for hand-built input).
 */
import { didYouMean } from '../errors/index.js';
import type { Finding } from './finding.js';
import { RULES } from './rule-catalog.js';
import type { RuleContext } from './rule-context.js';

export function approvedComputeRule(context: RuleContext): Finding[] {
  const compute = context.input.manifest.compute ?? {};
  const approved = (compute.approved ?? []).map((target) => target.name);
  const findings: Finding[] = [];
  (context.input.product.transforms ?? []).forEach((transform, index) => {
    const chosen = transform.compute ?? compute.default ?? approved[0];
    const label = transform.name ?? transform.path;
    if (chosen === undefined) {
      findings.push({
        ruleId: RULES.unapprovedCompute.id,
        rule: RULES.unapprovedCompute.name,
        severity: 'error',
        message: `transform '${label}' has no compute: the manifest approves none`,
        ...context.productLocation(['transforms', index]),
        hint: 'ask the platform team to add a compute to compute.approved in the manifest',
      });
      return;
    }
    if (approved.includes(chosen)) return;
    const suggestion = didYouMean(chosen, approved);
    findings.push({
      ruleId: RULES.unapprovedCompute.id,
      rule: RULES.unapprovedCompute.name,
      severity: 'error',
      message: `transform '${label}' uses compute '${chosen}', which the manifest does not approve (approved: ${approved.join(', ') || 'none'})`,
      ...context.productLocation(transform.compute === undefined ? ['transforms', index] : ['transforms', index, 'compute']),
      hint: `${suggestion ? `${suggestion} ` : ''}pick one of: ${approved.join(', ') || '(none — ask the platform team)'}`,
    });
  });
  return findings;
}
