import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { CompiledArtifacts } from '../../compile/index.js';
import type { SecretRef } from '../../config/index.js';
import { FloeError } from '../../errors/index.js';
import type { RunCliOptions, RunPlan } from './run-plan.js';

/*
 * The compile and config modules are imported by the functions below, not
 * with this file: the orchestrator's index reaches it, and a plain dbt-format
 * run should not load the config schemas (zod) it never uses.
 */

/** sha256 of the artifacts' canonical bytes: which compiled product a run ran. */
export async function artifactsHashOf(artifacts: CompiledArtifacts): Promise<string> {
  const { serializeArtifacts } = await import('../../compile/index.js');
  return createHash('sha256').update(serializeArtifacts(artifacts)).digest('hex');
}

/**
 * A compiled floe product: one step per transform, in order, each on its
 * compiled compute. Secret references (e.g. the PostgreSQL password) are
 * resolved here, at run time, and listed in `plan.secrets` for masking.
 * `environment` must be the one the artifacts were compiled for.
 */
export async function planFromArtifacts(artifacts: CompiledArtifacts, productDir: string, environment: string, options: RunCliOptions = {}): Promise<RunPlan> {
  const compiledFor = artifacts.metadata.environment;
  if (environment !== compiledFor) {
    throw new FloeError('FLOE_RUN_ENVIRONMENT_MISMATCH', `the artifacts were compiled for environment '${compiledFor}', not '${environment}'`, {
      position: { file: join(productDir, '.floe', 'artifacts.json') },
      hint: `compile for it first: floe compile --env ${environment}`,
    });
  }
  const [{ profileTargetFor }, { resolveSecretRef }] = await Promise.all([import('../../compile/index.js'), import('../../config/index.js')]);
  const dir = resolve(productDir);
  const secrets: string[] = [];
  const resolveSecret = (ref: SecretRef): string => {
    const value = resolveSecretRef(ref, { env: options.env ?? process.env });
    if (value !== '') secrets.push(value);
    return value;
  };
  const warehouseDir = options.warehouseDir ? resolve(options.warehouseDir) : dir;
  const packageOf = (uniqueId: string): string => uniqueId.split('.')[1] ?? '';
  const transforms = options.nodes ? artifacts.transforms.filter((transform) => options.nodes?.some((id) => packageOf(id) === transform.project_name)) : artifacts.transforms;
  if (options.nodes && transforms.length === 0) {
    throw new FloeError('FLOE_RUN_NOTHING_SELECTED', `none of the ${options.nodes.length} node(s) asked for belongs to a transform of ${artifacts.metadata.product}`, {
      hint: 'pick nodes by their unique ids (e.g. model.<project>.<name>) from the product\'s graph',
    });
  }
  return {
    product: artifacts.metadata.product,
    productVersion: artifacts.metadata.product_version,
    environment,
    trigger: options.trigger ?? 'manual',
    artifactsHash: await artifactsHashOf(artifacts),
    fullRefresh: options.fullRefresh,
    threads: options.threads,
    origin: { kind: 'artifacts', productDir: dir },
    secrets,
    steps: transforms.map((transform) => ({
      name: transform.name,
      projectDir: join(dir, transform.path),
      projectName: transform.project_name,
      profileOverride: profileTargetFor(transform.compute, { productDir: warehouseDir, profileName: transform.project_name, targetName: environment, resolveSecret }),
      vars: options.vars,
      ...(options.nodes
        ? { nodeIds: options.nodes.filter((id) => packageOf(id) === transform.project_name) }
        : { select: options.select ?? transform.select, exclude: options.exclude ?? transform.exclude }),
      resourceTypes: options.resourceTypes,
    })),
  };
}
