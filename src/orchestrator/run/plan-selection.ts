/**
 * A plan as stored with its run (the run record's `selection`): enough to
 * build the same steps again for a retry — never the resolved connection,
 * which may hold secrets (a retry resolves them again).
 */
import type { JsonObject, JsonValue } from '../state/index.js';
import type { ResourceType } from '../../transform/index.js';
import type { PlanOrigin, RunPlan, TransformStepPlan } from './run-plan.js';

export interface StoredStep {
  name: string;
  projectDir: string;
  projectName?: string;
  profilesDir?: string;
  target?: string;
  vars?: Record<string, unknown>;
  select?: string[];
  exclude?: string[];
  resourceTypes?: ResourceType[];
  nodeIds?: string[];
  /** The step ran on a platform-resolved connection (rebuilt from the artifacts on retry). */
  platformCompute?: boolean;
}

export interface StoredPlan {
  origin?: PlanOrigin;
  fullRefresh?: boolean;
  threads?: number;
  steps: StoredStep[];
}

/** Drops undefined values and anything JSON cannot carry. */
function jsonOf(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
}

function storedStep(step: TransformStepPlan): StoredStep {
  const { profileOverride, ...rest } = step;
  return { ...rest, ...(profileOverride ? { platformCompute: true } : {}) };
}

export function planSelection(plan: RunPlan): JsonObject {
  const stored: StoredPlan = { origin: plan.origin, fullRefresh: plan.fullRefresh, threads: plan.threads, steps: plan.steps.map(storedStep) };
  return jsonOf(stored) as JsonObject;
}

/** The stored plan of a run, or undefined when the run was not recorded by executeRun. */
export function storedPlanOf(selection: JsonObject | null): StoredPlan | undefined {
  if (!selection || !Array.isArray(selection.steps)) return undefined;
  return selection as unknown as StoredPlan;
}
