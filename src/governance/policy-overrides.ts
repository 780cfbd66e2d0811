/**
 * Policy overrides: time-limited exceptions the platform team grants.
 * `{pattern, action, rules?, reason, expires}`:
 *   - `pattern` picks models (see name-pattern.ts: name glob, path glob, /regex/);
 *   - `action: exclude` drops matching findings, `downgrade` turns their
 *     errors into warnings; `rules` limits it to some rule ids (or names);
 *   - `expires: YYYY-MM-DD` — the override applies up to and including that
 *     day (UTC); from the next day on it no longer applies and is itself an
 *     error finding, as is an override without a reason or with a bad pattern.
 * Only findings about a model can be overridden; findings about the
 * configuration itself (compute, plugins, overrides) cannot.
 */
import type { Finding } from './finding.js';
import type { PolicyOverrideInput } from './governance-input.js';
import { compileNamePattern, type NamePattern } from './name-pattern.js';
import { RULES } from './rule-catalog.js';
import type { RuleContext } from './rule-context.js';

interface ActiveOverride {
  index: number;
  expires: string;
  override: PolicyOverrideInput;
  pattern: NamePattern;
  used: boolean;
}

export interface OverrideOutcome {
  /** The findings after exclusions and downgrades. */
  findings: Finding[];
  /** Findings about the overrides themselves (missing reason, expired, invalid, unused). */
  overrideFindings: Finding[];
  /** The last day (YYYY-MM-DD) on which every override that applied now still applies; absent when none applied. */
  validUntil?: string;
}

export function applyPolicyOverrides(context: RuleContext, findings: readonly Finding[]): OverrideOutcome {
  const overrideFindings: Finding[] = [];
  const active: ActiveOverride[] = [];
  context.settings.overrides.forEach((override, index) => {
    const at = (key: string) => context.manifestLocation(['governance', 'policy_overrides', index, key]);
    const label = `policy override '${override.pattern}'`;
    const problem = (rule: (typeof RULES)[keyof typeof RULES], key: string, message: string, hint: string) =>
      overrideFindings.push({ ruleId: rule.id, rule: rule.name, severity: 'error', message, ...at(key), hint });

    let valid = true;
    if (!override.reason || override.reason.trim().length === 0) {
      valid = false;
      problem(RULES.overrideMissingReason, 'reason', `${label} has no reason, so it does not apply`, 'add `reason: <why this exception is needed>` to the override');
    }
    const expiry = parseExpiry(override.expires);
    if (expiry === 'missing' || expiry === 'invalid') {
      valid = false;
      problem(
        RULES.overrideInvalid,
        'expires',
        `${label} ${expiry === 'missing' ? 'has no expiry date' : `has an invalid expiry date '${String(override.expires)}'`}, so it does not apply`,
        'add `expires: YYYY-MM-DD` (overrides are time-limited)',
      );
    } else if (context.input.now.getTime() >= expiry.endOfDay) {
      valid = false;
      problem(
        RULES.overrideExpired,
        'expires',
        `${label} expired on ${expiry.date} and no longer applies`,
        'fix the findings it covered and remove the override, or renew it with a new `expires` date and reason',
      );
    }
    const compiled = compileNamePattern(override.pattern);
    if ('error' in compiled) {
      valid = false;
      problem(RULES.overrideInvalid, 'pattern', `${label}: pattern is ${compiled.error}`, 'use a glob (legacy_*, models/staging/**) or a /regular expression/');
    } else if (valid && typeof expiry === 'object') {
      active.push({ index, expires: expiry.date, override, pattern: compiled.pattern, used: false });
    }
  });

  const modelsById = new Map(context.models.map((model) => [model.node.uniqueId, model.node]));
  const result: Finding[] = [];
  for (const finding of findings) {
    const node = finding.node ? modelsById.get(finding.node) : undefined;
    if (!node) {
      result.push(finding);
      continue;
    }
    const target = { name: node.name, path: node.originalFilePath };
    const matching = active.filter(
      (candidate) =>
        candidate.pattern.matches(target) &&
        (!candidate.override.rules || candidate.override.rules.some((rule) => rule === finding.ruleId || rule === finding.rule)),
    );
    for (const candidate of matching) candidate.used = true;
    if (matching.some((candidate) => candidate.override.action === 'exclude')) continue;
    if (matching.length > 0 && finding.severity === 'error') {
      const reason = matching[0].override.reason ?? '';
      result.push({ ...finding, severity: 'warning', message: `${finding.message} (downgraded by policy override '${matching[0].override.pattern}': ${reason})` });
    } else result.push(finding);
  }

  for (const candidate of active) {
    if (candidate.used) continue;
    overrideFindings.push({
      ruleId: RULES.overrideUnused.id,
      rule: RULES.overrideUnused.name,
      severity: 'info',
      message: `policy override '${candidate.override.pattern}' matches no finding`,
      ...context.manifestLocation(['governance', 'policy_overrides', candidate.index, 'pattern']),
      hint: 'remove the override if the models it covered are now compliant',
    });
  }
  const expiries = active.filter((candidate) => candidate.used).map((candidate) => candidate.expires).sort();
  return { findings: result, overrideFindings, ...(expiries.length > 0 ? { validUntil: expiries[0] } : {}) };
}

type Expiry = { date: string; endOfDay: number } | 'missing' | 'invalid';

function parseExpiry(value: string | Date | undefined): Expiry {
  if (value === undefined || value === '') return 'missing';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return 'invalid';
    const date = value.toISOString().slice(0, 10);
    return { date, endOfDay: Date.parse(`${date}T00:00:00Z`) + 86_400_000 };
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return 'invalid';
  const start = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  // Reject dates that roll over (2026-02-30).
  if (new Date(start).toISOString().slice(0, 10) !== value) return 'invalid';
  return { date: value, endOfDay: start + 86_400_000 };
}
