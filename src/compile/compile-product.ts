/**
 * The compile pipeline: floe.yaml + manifest chain + SQL projects in,
 * CompiledArtifacts out. Like a compiler session it collects every error
 * rather than stopping at the first, and it writes nothing: `writeArtifacts`
 * does that, only for a successful compile.
 *
 *   config (product + manifest chain) ─▶ per transform: approved compute ─▶
 *   loadProject (profile from the compute) ─▶ buildGraph ─▶ governance ─▶ assemble
 */
import { dirname, resolve } from 'node:path';
import { effectiveSettings, findSecretRefs, loadDataProduct, pullOciManifests, withoutServiceOnlySettings, type EnvironmentName, type Manifest, type OciManifestPulls } from '../config/index.js';
import { FloeError, type SourcePosition } from '../errors/index.js';
import { evaluateGovernance, type Finding, type GovernanceOutcome } from '../governance/index.js';
import { ARTIFACTS_VERSION, artifactsSchema, type CompiledArtifacts } from './artifacts-schema.js';
import { floeVersion } from '../version/index.js';
import { summarizeGraph } from './graph-summary.js';
import { hashInputs, ociInputHashes, ociInputKey, productRelativePath, projectInputFiles } from './input-hashes.js';
import { resolveOutputPorts } from './output-ports.js';
import { relocateError, relocatePosition } from './relocate-errors.js';
import { checkSelections, loadTransforms } from './transform-loading.js';

export interface CompileOptions {
  /** The folder holding floe.yaml (or the floe.yaml file itself). */
  productDir: string;
  /** The environment whose compute settings are compiled in; `dev` by default. */
  env?: EnvironmentName;
  /** Decides policy override expiry and `compiled_at`; the current time by default. */
  now?: Date;
  /** Record `metadata.compiled_at`. Off by default so the same inputs give byte-identical artifacts. */
  includeCompiledAt?: boolean;
  /** Variables for `env_var()` in the SQL projects; `process.env` by default. */
  processEnv?: Record<string, string | undefined>;
  /** oci:// manifests already pulled by the caller (compileIfStale pulls before checking staleness). */
  pulledManifests?: OciManifestPulls;
}

export interface CompileResult {
  /** The product directory (absolute), where `writeArtifacts` puts `.floe/`. */
  productDir: string;
  /** Present only when there are no errors. */
  artifacts?: CompiledArtifacts;
  errors: FloeError[];
  warnings: FloeError[];
  /** Governance findings (also inside the artifacts); present even when compile fails on them. */
  findings: Finding[];
  governance?: GovernanceOutcome;
}


export async function compileProduct(options: CompileOptions): Promise<CompileResult> {
  const environment = options.env ?? 'dev';
  const now = options.now ?? new Date();
  // oci:// manifests are pulled into the local cache first; the chain is then read from there.
  const pulls = options.pulledManifests ?? (await pullOciManifests(resolve(options.productDir)));
  const loaded = loadDataProduct(resolve(options.productDir));
  const productDir = dirname(resolve(loaded.productPath));
  // A failed pull already says why the manifest is missing from the cache.
  const loadErrors = loaded.errors.filter((error) => error.code !== 'FLOE_MANIFEST_OCI_NOT_PULLED' || pulls.errors.length === 0);
  const errors = [...pulls.errors, ...loadErrors].map((error) => relocateError(error, productDir, productDir));
  const warnings = [...pulls.warnings, ...loaded.warnings].map((error) => relocateError(error, productDir, productDir));
  const { product, manifest } = loaded;
  if (!product || !manifest || errors.length > 0) return { productDir, errors, warnings, findings: [] };

  const relativePosition = (position: SourcePosition | undefined) => relocatePosition(position, productDir, productDir);
  const transforms = await loadTransforms(product, manifest, environment, productDir, options.processEnv, errors, warnings);
  checkSelections(transforms, (path) => relativePosition(loaded.locateProduct(path)), errors, warnings);
  if (errors.length > 0) return { productDir, errors, warnings, findings: [] };

  const governance = evaluateGovernance({
    manifest,
    product,
    projects: transforms,
    now,
    manifestFile: loaded.manifestPath ? productRelativePath(productDir, resolve(loaded.manifestPath)) : 'manifest.yaml',
    productFile: productRelativePath(productDir, resolve(loaded.productPath)),
    locate: { manifest: (path) => relativePosition(loaded.locateManifest(path)), product: (path) => relativePosition(loaded.locateProduct(path)) },
  });

  const ports = resolveOutputPorts(product, transforms, (path) => relativePosition(loaded.locateProduct(path)));
  errors.push(...ports.errors);
  if (!governance.passed) {
    const count = governance.findings.filter((finding) => finding.severity === 'error').length;
    errors.push(
      new FloeError('FLOE_GOVERNANCE_FAILED', `governance failed in strict mode: ${count} error finding${count === 1 ? '' : 's'}; nothing was written`, {
        position: { file: productRelativePath(productDir, resolve(loaded.productPath)) },
        hint: 'fix the findings listed above (each has a hint), or ask the platform team for a policy override with a reason and an expiry',
      }),
    );
  }
  if (errors.length > 0) return { productDir, errors, warnings, findings: governance.findings, governance };

  const inputFiles = [
    resolve(loaded.productPath),
    ...loaded.chain.filter((entry) => !entry.oci).map((entry) => resolve(entry.path)),
    ...transforms.flatMap((t) => projectInputFiles(t.projectDir)),
  ];
  const draft: CompiledArtifacts = {
    version: ARTIFACTS_VERSION,
    metadata: {
      product: product.metadata.name,
      product_version: product.metadata.version,
      floe_version: floeVersion(),
      environment,
      ...(options.includeCompiledAt ? { compiled_at: now.toISOString() } : {}),
      input_hashes: { ...hashInputs(productDir, inputFiles), ...ociInputHashes(loaded.chain) },
    },
    identity: {
      product_id: product.domain ? `${product.domain}.${product.metadata.name}` : product.metadata.name,
      name: product.metadata.name,
      ...(product.domain ? { domain: product.domain } : {}),
      ...(product.metadata.owner ? { owner: product.metadata.owner } : {}),
    },
    // Fields are picked one by one: the contract changes only when this file does.
    inheritance: loaded.chain.map((entry) => ({
      path: entry.oci ? ociInputKey(entry.oci) : productRelativePath(productDir, resolve(entry.path)),
      name: entry.name,
      version: entry.version,
      scope: entry.scope,
      sha256: entry.sha256,
      ...(entry.oci ? { oci: { reference: entry.oci.reference, digest: entry.oci.digest } } : {}),
    })),
    plugins: Object.fromEntries(Object.entries(manifest.plugins).filter(([, selection]) => selection !== undefined)) as CompiledArtifacts['plugins'],
    transforms: transforms.map((transform) => ({
      ...transform.artifact,
      project_name: transform.project.settings.name,
      graph: summarizeGraph(transform.project, transform.graph, transform.transform),
    })),
    ...(product.schedule ? { schedule: { cron: product.schedule.cron, timezone: product.schedule.timezone, enabled: product.schedule.enabled, catch_up: product.schedule.catch_up } } : {}),
    orchestrator: withoutServiceOnlySettings(manifest).orchestrator as unknown as Record<string, unknown>,
    observability: { dev: observabilityIn(manifest, 'dev'), staging: observabilityIn(manifest, 'staging'), prod: observabilityIn(manifest, 'prod') },
    governance: {
      level: governance.level,
      passed: governance.passed,
      findings: governance.findings,
      ...(governance.validUntil ? { valid_until: governance.validUntil } : {}),
    },
    output_ports: ports.ports,
    input_ports: product.input_ports.map((port) => ({ product: port.product, port: port.port })),
    secret_refs: findSecretRefs(withoutServiceOnlySettings(manifest))
      .map((found) => ({ location: `manifest:${formatKeyPath(found.path)}`, ref: found.ref }))
      .sort((a, b) => (a.location < b.location ? -1 : a.location > b.location ? 1 : 0)),
  };
  // The contract is checked on the way out too: a reader must never get artifacts its schema rejects.
  const checked = artifactsSchema.safeParse(draft);
  if (!checked.success) {
    throw new FloeError('FLOE_ARTIFACTS_INTERNAL', `compiled artifacts do not match their schema: ${checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`, {
      hint: 'this is a bug in floe; please report it with the product that triggers it',
    });
  }
  return { productDir, artifacts: checked.data, errors, warnings, findings: governance.findings, governance };
}

function observabilityIn(manifest: Manifest, environment: EnvironmentName): CompiledArtifacts['observability']['dev'] {
  const { tracing, lineage, logging, sample_rate } = effectiveSettings(manifest, environment).observability;
  return { tracing, lineage, logging, sample_rate };
}

/** `['compute', 'approved', 1, 'connection_secret_ref']` → `compute.approved[1].connection_secret_ref`. */
function formatKeyPath(path: ReadonlyArray<string | number>): string {
  return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`)).join('');
}
