/**
 * What the data-product commands do: `floe init`, `floe validate`, `floe
 * compile`. They load floe.yaml + its manifest chain + the SQL projects
 * through the compile module and print what it found; only `compile` writes
 * artifacts, and only when compile succeeds. Imported by the commands' actions
 * only (see product-commands.ts).
 */
import { extname, resolve } from 'node:path';
import type { EnvironmentName } from '../../config/index.js';
import { artifactsPath, compileIfStale, compileProduct, writeArtifacts, type CompileResult } from '../../compile/index.js';
import { FloeError } from '../../errors/index.js';
import { writeFileAtomic } from '../../files/index.js';
import { countBySeverity, formatFinding, toJsonReport, toSarif, type Finding } from '../../governance/index.js';
import type { CliContext } from '../cli-context.js';
import { displayPath } from '../output/display-path.js';
import { printFloeError } from '../output/print-error.js';
import { scaffoldProduct } from '../scaffold/index.js';
import { floeVersion } from '../../version/index.js';

export interface ProductCommandOptions {
  /** The folder holding floe.yaml; the current folder by default. */
  projectDir?: string;
  env?: EnvironmentName;
  /** Write the findings to this file: SARIF for `.sarif`, JSON for `.json`. */
  report?: string;
}

export interface ValidateOptions extends ProductCommandOptions {
  /** Print a machine-readable report on stdout instead of text. */
  json?: boolean;
}

export interface CompileCommandOptions extends ProductCommandOptions {
  /** Compile even when the stored artifacts are up to date. */
  force?: boolean;
}

export interface InitOptions {
  dir?: string;
}

/** The code compile adds when strict governance fails; validate prints its own summary instead. */
const GOVERNANCE_FAILED = 'FLOE_GOVERNANCE_FAILED';

/** `floe validate --json` and `--report x.json`: config errors and the governance outcome in one document. */
export interface ValidationReport {
  valid: boolean;
  product?: string;
  environment: EnvironmentName;
  errors: Array<Record<string, unknown>>;
  warnings: Array<Record<string, unknown>>;
  governance?: ReturnType<typeof toJsonReport>;
}

function validationReport(result: CompileResult, environment: EnvironmentName): ValidationReport {
  return {
    valid: result.errors.length === 0,
    ...(result.artifacts ? { product: result.artifacts.identity.product_id } : {}),
    environment,
    errors: result.errors.filter((error) => error.code !== GOVERNANCE_FAILED).map((error) => error.toJSON()),
    warnings: result.warnings.map((warning) => warning.toJSON()),
    ...(result.governance ? { governance: toJsonReport(result.governance) } : {}),
  };
}

/** Write `--report`: SARIF 2.1.0 for `.sarif`, the validation JSON for `.json`. */
function writeReport(path: string, result: CompileResult, environment: EnvironmentName, cwd: string): string {
  const file = resolve(cwd, path);
  const kind = extname(file).toLowerCase();
  if (kind === '.sarif') {
    writeFileAtomic(file, `${JSON.stringify(toSarif(result.findings, { toolVersion: floeVersion() }), null, 2)}\n`);
  } else if (kind === '.json') {
    writeFileAtomic(file, `${JSON.stringify(validationReport(result, environment), null, 2)}\n`);
  } else {
    throw new FloeError('FLOE_CLI_REPORT', `--report ${path}: the file must end in .sarif (SARIF 2.1.0) or .json`, { hint: 'e.g. --report governance.sarif' });
  }
  return file;
}

function checkReportPath(path: string | undefined): void {
  if (path && !['.sarif', '.json'].includes(extname(path).toLowerCase())) {
    throw new FloeError('FLOE_CLI_REPORT', `--report ${path}: the file must end in .sarif (SARIF 2.1.0) or .json`, { hint: 'e.g. --report governance.sarif' });
  }
}

function printFindings(context: CliContext, findings: readonly Finding[]): void {
  const c = context.terminal.colors;
  for (const finding of findings) {
    const [head, ...rest] = formatFinding(finding).split('\n');
    const paint = finding.severity === 'error' ? c.red : finding.severity === 'warning' ? c.yellow : c.dim;
    context.terminal.line(paint(head ?? ''));
    for (const line of rest) context.terminal.line(c.cyan(line));
  }
}

function findingSummary(findings: readonly Finding[]): string {
  const counts = countBySeverity(findings);
  const parts = [`${counts.error} error${counts.error === 1 ? '' : 's'}`, `${counts.warning} warning${counts.warning === 1 ? '' : 's'}`];
  if (counts.info > 0) parts.push(`${counts.info} info`);
  return parts.join(', ');
}

/** Errors (stderr), then findings (stdout): everything compile found, each with its place and a hint. */
function printProblems(context: CliContext, result: CompileResult): void {
  for (const warning of result.warnings) printFloeError(context.terminal, warning, context.debug);
  for (const error of result.errors) if (error.code !== GOVERNANCE_FAILED) printFloeError(context.terminal, error, context.debug);
  printFindings(context, result.findings);
}

export async function validateCommand(context: CliContext, options: ValidateOptions): Promise<number> {
  const environment = options.env ?? 'dev';
  const cwd = process.cwd();
  checkReportPath(options.report);
  const result = await compileProduct({ productDir: resolve(cwd, options.projectDir ?? '.'), env: environment });
  const report = options.report ? writeReport(options.report, result, environment, cwd) : undefined;
  const valid = result.errors.length === 0;
  if (options.json) {
    context.terminal.line(JSON.stringify(validationReport(result, environment), null, 2));
    return valid ? 0 : 1;
  }
  printProblems(context, result);
  const c = context.terminal.colors;
  const level = result.governance?.level;
  const governance = result.governance ? `governance ${level}: ${findingSummary(result.findings)}` : 'governance not evaluated';
  const configErrors = result.errors.filter((error) => error.code !== GOVERNANCE_FAILED).length;
  if (report) context.terminal.line(c.dim(`Report written to ${displayPath(report)}`));
  if (valid) {
    context.terminal.line(c.green(`✓ ${result.artifacts?.identity.product_id ?? 'product'} is valid for ${environment} (${governance})`));
    return 0;
  }
  const parts = [...(configErrors > 0 ? [`${configErrors} configuration error${configErrors === 1 ? '' : 's'}`] : []), governance];
  context.terminal.line(c.red(`✗ not valid: ${parts.join('; ')}`));
  return 1;
}

export async function compileCommand(context: CliContext, options: CompileCommandOptions): Promise<number> {
  const environment = options.env ?? 'dev';
  const cwd = process.cwd();
  checkReportPath(options.report);
  const productDir = resolve(cwd, options.projectDir ?? '.');
  // Recompile only when an input changed (or asked to): same inputs give the same artifacts anyway.
  const result: CompileResult & { compiled: boolean; path?: string } = options.force
    ? { ...(await compileProduct({ productDir, env: environment })), compiled: true }
    : await compileIfStale({ productDir, env: environment });
  // compileIfStale writes what it compiled; a forced compile writes here.
  if (options.force && result.artifacts && result.errors.length === 0) result.path = writeArtifacts(result.productDir, result.artifacts);
  if (!result.governance && result.artifacts) {
    const { level, passed, findings } = result.artifacts.governance;
    result.governance = { level, passed, findings };
  }
  if (options.report) writeReport(options.report, result, environment, cwd);
  printProblems(context, result);
  const c = context.terminal.colors;
  if (!result.artifacts || result.errors.length > 0) {
    const governanceFailed = result.errors.some((error) => error.code === GOVERNANCE_FAILED);
    const configErrors = result.errors.filter((error) => error.code !== GOVERNANCE_FAILED).length;
    const why = [
      ...(configErrors > 0 ? [`${configErrors} error${configErrors === 1 ? '' : 's'}`] : []),
      ...(governanceFailed ? [`strict governance failed (${findingSummary(result.findings)})`] : []),
    ].join('; ');
    context.terminal.line(c.red(`✗ compile failed: ${why}; nothing was written`));
    return 1;
  }
  const path = result.path ?? artifactsPath(result.productDir);
  const { transforms } = result.artifacts;
  const nodes = transforms.reduce((sum, transform) => sum + Object.values(transform.graph.counts).reduce((a, b) => a + b, 0), 0);
  const product = result.artifacts.identity.product_id;
  context.terminal.line(
    c.green(result.compiled ? `✓ compiled ${product} for ${environment} → ${displayPath(path)}` : `✓ ${product} for ${environment} is up to date → ${displayPath(path)} (--force recompiles)`),
  );
  context.terminal.line(
    `  ${transforms.length} transform${transforms.length === 1 ? '' : 's'}, ${nodes} node${nodes === 1 ? '' : 's'}, ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} (${findingSummary(result.findings)})`,
  );
  return 0;
}

export function initCommand(context: CliContext, name: string, options: InitOptions): number {
  const { dir, files } = scaffoldProduct(name, { dir: options.dir });
  const c = context.terminal.colors;
  const shown = displayPath(dir);
  context.terminal.line(c.green(`✓ created data product ${name} in ${shown}`));
  for (const file of files) context.terminal.line(c.dim(`  ${file}`));
  context.terminal.line();
  context.terminal.line('Next:');
  if (shown !== '.') context.terminal.line(`  cd ${shown}`);
  context.terminal.line('  floe validate        # strict governance passes');
  context.terminal.line('  floe run --env dev   # builds it on DuckDB');
  return 0;
}
