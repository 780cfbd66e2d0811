/**
 * What a run is asked to do, before anything runs: which product, where, why,
 * and its transform steps in order. Every launcher (the local `floe run`, the
 * dev stack, a Kubernetes Job) builds one of these and hands it to
 * `executeRun`, so a run behaves the same wherever it is launched.
 */
import type { RunTrigger } from '../state/index.js';
import type { ResolvedTarget, ResourceType } from '../../transform/index.js';

export interface TransformStepPlan {
  /** The transform's name (floe.yaml), or the dbt project's name for a plain project. */
  name: string;
  /** Absolute folder holding dbt_project.yml. */
  projectDir: string;
  /** The dbt project's name, when known before loading; lets a retry tell the steps' nodes apart. */
  projectName?: string;
  /** A connection decided by the platform (compiled compute, secrets resolved). Never persisted. */
  profileOverride?: ResolvedTarget;
  profilesDir?: string;
  target?: string;
  vars?: Record<string, unknown>;
  select?: string[];
  exclude?: string[];
  resourceTypes?: ResourceType[];
  /** Run exactly these nodes (a retry's failed and skipped nodes). */
  nodeIds?: string[];
}

/** Where a plan came from, so a retry can build the same steps again (with freshly resolved secrets). */
export type PlanOrigin = { kind: 'dbt-project'; projectDir: string } | { kind: 'artifacts'; productDir: string };

export interface RunPlan {
  product: string;
  productVersion?: string;
  environment: string;
  trigger: RunTrigger;
  /** The run this one retries. */
  parentRunId?: string;
  artifactsHash?: string;
  steps: TransformStepPlan[];
  fullRefresh?: boolean;
  threads?: number;
  origin?: PlanOrigin;
  /** Secret values resolved for this plan (connection passwords, API keys): masked in logs, never stored. */
  secrets?: string[];
}

/** The flags of `floe run` that shape a plan. */
export interface RunCliOptions {
  profilesDir?: string;
  target?: string;
  vars?: Record<string, unknown>;
  select?: string[];
  exclude?: string[];
  resourceTypes?: ResourceType[];
  fullRefresh?: boolean;
  threads?: number;
  /** Default `dev` (a plain dbt project), or the artifacts' environment. */
  environment?: string;
  /** Default `manual`. */
  trigger?: RunTrigger;
  /** Where `env` secret references are read from. Default process.env. */
  env?: Record<string, string | undefined>;
  /**
   * A relative DuckDB path resolves against this folder instead of the
   * product folder (a pipeline job: FLOE_WAREHOUSE_DIR, a mounted volume).
   */
  warehouseDir?: string;
  /** Run exactly these nodes, each in the transform of its project (a re-execution). */
  nodes?: string[];
}
