/**
 * `floe run` against an orchestrator: register the product if it changed,
 * trigger a run of exactly that bundle (or re-execute a run's failed nodes),
 * and follow it with the same per-node output as a local run. Ctrl-C asks the
 * orchestrator to cancel the run and waits for it to end.
 */
import type { EnvironmentName } from '../../config/index.js';
import type { CliContext } from '../cli-context.js';
import { createRunPrinter } from '../output/run-printer.js';
import { followRemoteRun } from './follow-remote-run.js';
import { OrchestratorClient } from './orchestrator-client.js';
import type { OrchestratorEndpoint } from './orchestrator-endpoint.js';
import { registerProductRemotely } from './register-product.js';

export interface RemoteRunOptions {
  projectDir: string;
  environment: EnvironmentName;
  select?: string[];
  exclude?: string[];
  retryFailed?: string;
  /** Flags that only mean something to a local run (named in a warning). */
  localOnly: string[];
}

function formatDuration(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m ${Math.round((ms % 60_000) / 1000)}s`;
}

export async function remoteRunCommand(context: CliContext, endpoint: OrchestratorEndpoint, options: RemoteRunOptions): Promise<number> {
  const c = context.terminal.colors;
  const client = new OrchestratorClient(endpoint);
  if (options.localOnly.length > 0) {
    context.terminal.errorLine(c.yellow(`warning: ${options.localOnly.join(', ')} ${options.localOnly.length === 1 ? 'is' : 'are'} ignored for a run on an orchestrator (the registered product decides)`));
  }
  const registered = await registerProductRemotely(context, client, options.projectDir, options.environment);
  if (!registered) return 1;
  const selection = { ...(options.select ? { select: options.select } : {}), ...(options.exclude ? { exclude: options.exclude } : {}) };
  const run = options.retryFailed
    ? await client.reexecuteRun(options.retryFailed)
    : await client.triggerRun({ product: registered.product, version: registered.digest, ...(Object.keys(selection).length > 0 ? { selection } : {}) });
  const retry = run.parentRunId ? `, retrying the failed and skipped nodes of ${run.parentRunId}` : '';
  context.terminal.line(c.bold(`Run ${run.id} of ${run.product} (${run.environment}${retry}) on ${client.baseUrl}`));
  context.terminal.line(c.dim('queued; waiting for the orchestrator to start it…'));
  const started = Date.now();
  const finished = await followRemoteRun(client, run, createRunPrinter(context.terminal), {
    signal: context.signal,
    onCancelRequested: () => context.terminal.errorLine(c.yellow(`Canceling run ${run.id} on ${client.baseUrl}… (Ctrl-C again to stop waiting)`)),
  });
  if (finished.error && finished.status !== 'SUCCESS') context.terminal.errorLine(`${c.red('error')}: ${finished.error}`);
  const paint = finished.status === 'SUCCESS' ? c.green : finished.status === 'CANCELED' ? c.yellow : c.red;
  context.terminal.line(`Run ${run.id} ${paint(finished.status)} in ${formatDuration(Date.now() - started)} — see \`floe status --run-id ${run.id} --url ${client.baseUrl}\``);
  return finished.status === 'SUCCESS' ? 0 : 1;
}
