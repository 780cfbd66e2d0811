/** Governance settings: what `src/governance` enforces at compile time. */
import { z } from 'zod';
import { tierSchema } from './common-schemas.js';

/** Ordered from loosest to strictest; a child manifest may only move right. */
export const ENFORCEMENT_LEVELS = ['off', 'warn', 'strict'] as const;
export type EnforcementLevel = (typeof ENFORCEMENT_LEVELS)[number];
export const enforcementLevelSchema = z.enum(ENFORCEMENT_LEVELS);

/** The regexes behind the built-in naming patterns. */
export const NAMING_PATTERNS = {
  medallion: ['^(bronze|silver|gold)_[a-z][a-z0-9_]*$'],
  kimball: ['^(dim|fact|bridge|hub|link|sat)_[a-z][a-z0-9_]*$'],
} as const;

export const CLASSIFICATION_CLASSES = ['pii', 'financial', 'identifier', 'public'] as const;
export type ClassificationClass = (typeof CLASSIFICATION_CLASSES)[number];

export const namingSchema = z
  .strictObject({
    pattern: z
      .enum(['medallion', 'kimball', 'custom'])
      .default('medallion')
      .describe(
        `Model naming convention: medallion (${NAMING_PATTERNS.medallion[0]}), kimball (${NAMING_PATTERNS.kimball[0]}) or custom (custom_patterns).`,
      ),
    custom_patterns: z
      .array(z.string().min(1))
      .default([])
      .describe('Regexes a model name must match (any one of them) when pattern is custom.'),
    enforcement: enforcementLevelSchema.default('warn').describe('How a naming violation is reported: off, warn, or strict (fails compile).'),
  })
  .superRefine((naming, context) => {
    if (naming.pattern === 'custom' && naming.custom_patterns.length === 0) {
      context.addIssue({ code: 'custom', path: ['custom_patterns'], message: 'pattern is custom but custom_patterns is empty' });
    }
    naming.custom_patterns.forEach((pattern, index) => {
      try {
        new RegExp(pattern);
      } catch (error) {
        context.addIssue({
          code: 'custom',
          path: ['custom_patterns', index],
          message: `not a valid regular expression: ${(error as Error).message}`,
        });
      }
    });
  })
  .describe('Model naming rules.');

const percent = (what: string) => z.number().min(0).max(100).describe(what);

export const qualityGatesSchema = z
  .strictObject({
    minimum_test_coverage: percent('Minimum test coverage of the whole project, in percent (0–100).').default(80),
    layer_thresholds: z
      .strictObject({
        bronze: percent('Minimum test coverage of bronze models, in percent.').default(50),
        silver: percent('Minimum test coverage of silver models, in percent.').default(80),
        gold: percent('Minimum test coverage of gold models, in percent.').default(100),
      })
      .default({ bronze: 50, silver: 80, gold: 100 })
      .describe('Minimum test coverage per medallion tier. A child manifest may only raise these.'),
    require_descriptions: z.boolean().default(false).describe('Every model must have a description.'),
    require_column_descriptions: z.boolean().default(false).describe('Every documented column must have a description.'),
    block_on_failure: z.boolean().default(true).describe('A failed gate fails compile (in strict mode).'),
  })
  .describe('Quality gates checked at compile time.');

export const classificationRuleSchema = z
  .strictObject({
    class: z.enum(CLASSIFICATION_CLASSES).describe('The column class the rule is about.'),
    forbid_in_output_ports: z
      .boolean()
      .default(false)
      .describe('Columns of this class may not reach an output port (unless the model is in allow_models).'),
    forbid_in_tiers: z.array(tierSchema).default([]).describe('Tiers whose models may not carry columns of this class.'),
    require_masking: z.boolean().default(false).describe('Columns of this class must be declared masked (`meta.masked: true`).'),
    allow_models: z.array(z.string().min(1)).default([]).describe('Model names or glob patterns exempt from this rule.'),
    severity: z.enum(['error', 'warning']).default('error').describe('Severity of a violation.'),
    description: z.string().optional().describe('Why the rule exists (shown with findings).'),
  })
  .describe('A rule over classified columns.');

export const classificationSchema = z
  .strictObject({
    classes: z
      .array(z.enum(CLASSIFICATION_CLASSES))
      .default([...CLASSIFICATION_CLASSES])
      .describe('Column classes models may declare in column `meta.classification`.'),
    rules: z.array(classificationRuleSchema).default([]).describe('Rules over classified columns.'),
  })
  .describe('Data classification: column classes declared in model meta and rules about them.');

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
export const policyOverrideSchema = z
  .strictObject({
    pattern: z.string().min(1).describe('Model names (glob, e.g. `legacy_*`) the override applies to.'),
    action: z.enum(['downgrade', 'exclude']).describe('downgrade: errors become warnings; exclude: the models are not checked.'),
    rules: z.array(z.string().min(1)).optional().describe('Rule ids the override is limited to; all rules when absent.'),
    reason: z.string().trim().min(1, 'an override needs a reason').describe('Why the override exists (required).'),
    expires: z
      .string()
      .regex(isoDate, 'must be a date YYYY-MM-DD')
      .describe('Date (YYYY-MM-DD) after which the override no longer applies and is itself a finding.'),
  })
  .describe('A time-limited exception to governance rules.');

export const governanceSchema = z
  .strictObject({
    policy_enforcement_level: enforcementLevelSchema
      .default('warn')
      .describe('off: rules not checked; warn: findings reported; strict: an error finding fails compile. Effective level is the stricter of parent and child.'),
    naming: namingSchema.default({ pattern: 'medallion', custom_patterns: [], enforcement: 'warn' }),
    quality_gates: qualityGatesSchema.default({
      minimum_test_coverage: 80,
      layer_thresholds: { bronze: 50, silver: 80, gold: 100 },
      require_descriptions: false,
      require_column_descriptions: false,
      block_on_failure: true,
    }),
    classification: classificationSchema.default({ classes: [...CLASSIFICATION_CLASSES], rules: [] }),
    policy_overrides: z.array(policyOverrideSchema).default([]).describe('Exceptions, each with a reason and an expiry.'),
    data_retention_days: z.number().int().min(1).optional().describe('How long data is kept, in days.'),
    audit_logging: z.boolean().default(false).describe('Record who ran what in the audit log.'),
  })
  .describe('Governance rules enforced at compile time.');

export type NamingSettings = z.infer<typeof namingSchema>;
export type QualityGates = z.infer<typeof qualityGatesSchema>;
export type ClassificationRule = z.infer<typeof classificationRuleSchema>;
export type PolicyOverride = z.infer<typeof policyOverrideSchema>;
export type GovernanceSettings = z.infer<typeof governanceSchema>;
