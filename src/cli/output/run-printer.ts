import type { ManifestNode, NodeResult } from '../../transform/index.js';
import { formatError } from '../../errors/index.js';
import type { Terminal } from './terminal.js';

/** What the printer reads of a node: a run's own ManifestNode, or one rebuilt from an orchestrator's API. */
export type PrintedNode = Pick<ManifestNode, 'uniqueId' | 'name' | 'resourceType' | 'originalFilePath'> & {
  relation?: { schema: string; identifier: string };
  config: { materialized?: string };
};

/** What the printer reads of a node's result. */
export type PrintedResult = Pick<NodeResult, 'status' | 'message' | 'executionTime' | 'failures' | 'error'>;

/** The run listener the printer is (narrowed to what it reads, so a remote run can feed it too). */
export interface RunPrinter {
  failures: Array<{ node: PrintedNode; result: PrintedResult }>;
  onRunStart(info: { nodes: PrintedNode[]; threads: number; adapter: { type: string } }): void;
  onNodeStart(node: PrintedNode): void;
  onNodeFinish(node: PrintedNode, result: PrintedResult, index: number, nodeTotal: number): void;
  onRunFinish(results: unknown[], elapsedSeconds: number): void;
}

const LINE_WIDTH = 80;

/** `main.orders` for a node with a relation, else its name. */
function displayName(node: PrintedNode): string {
  return node.relation ? `${node.relation.schema}.${node.relation.identifier}` : node.name;
}

function describe(node: PrintedNode, result: PrintedResult): { verb: string; tone: 'ok' | 'warn' | 'bad' | 'skip' } {
  const what = node.resourceType === 'seed' ? `seed file ${displayName(node)}` : node.resourceType === 'test' ? node.name : `${node.config.materialized} ${node.resourceType} ${displayName(node)}`;
  switch (result.status) {
    case 'success':
      return { verb: node.resourceType === 'seed' ? `OK loaded ${what}` : `OK created ${what}`, tone: 'ok' };
    case 'pass':
      return { verb: `PASS ${what}`, tone: 'ok' };
    case 'warn':
      return { verb: `WARN ${result.failures ?? ''} ${what}`.replace('  ', ' '), tone: 'warn' };
    case 'fail':
      return { verb: `FAIL ${result.failures ?? ''} ${what}`.replace('  ', ' '), tone: 'bad' };
    case 'skipped':
      return { verb: `SKIP ${what}`, tone: 'skip' };
    default:
      return { verb: `ERROR ${node.resourceType === 'test' ? 'running' : 'creating'} ${what}`, tone: 'bad' };
  }
}

/** One line per node as it finishes, a live status line on a TTY, and the summary. */
export function createRunPrinter(terminal: Terminal): RunPrinter {
  const c = terminal.colors;
  const running = new Map<string, string>();
  let done = 0;
  let total = 0;
  const failures: Array<{ node: PrintedNode; result: PrintedResult }> = [];
  const counts = new Map<string, number>();

  const refreshStatus = (): void => {
    if (running.size === 0) return terminal.clearStatus();
    terminal.status(c.dim(`[${done}/${total}] running ${[...running.values()].join(', ')}`));
  };

  return {
    failures,
    onRunStart(info) {
      total = info.nodes.length;
      const byType = new Map<string, number>();
      for (const node of info.nodes) {
        const key = node.resourceType === 'test' ? 'data test' : node.resourceType;
        byType.set(key, (byType.get(key) ?? 0) + 1);
      }
      const parts = [...byType].map(([type, n]) => `${n} ${type}${n === 1 ? '' : 's'}`);
      terminal.line(`Running with ${info.threads} thread${info.threads === 1 ? '' : 's'} on ${info.adapter.type}: ${parts.join(', ') || 'nothing selected'}`);
      terminal.line();
    },
    onNodeStart(node) {
      running.set(node.uniqueId, node.name);
      refreshStatus();
    },
    onNodeFinish(node, result, index, nodeTotal) {
      running.delete(node.uniqueId);
      done += 1;
      total = nodeTotal;
      counts.set(result.status, (counts.get(result.status) ?? 0) + 1);
      const { verb, tone } = describe(node, result);
      // Errors get a short tag here; their message is printed in full in the summary.
      const label = result.status === 'error' || result.status === 'runtime error' ? 'ERROR' : result.message.split('\n')[0];
      const timing = result.status === 'skipped' ? '[SKIP]' : `[${label ? `${label} in ` : ''}${result.executionTime.toFixed(2)}s]`;
      const prefix = `${index} of ${nodeTotal} `;
      const dots = '.'.repeat(Math.max(3, LINE_WIDTH - prefix.length - verb.length - 2));
      const paint = tone === 'ok' ? c.green : tone === 'warn' ? c.yellow : tone === 'bad' ? c.red : c.dim;
      terminal.line(`${prefix}${paint(verb)} ${c.dim(dots)} ${paint(timing)}`);
      if (result.status === 'error' || result.status === 'fail' || result.status === 'runtime error' || result.status === 'warn') failures.push({ node, result });
      refreshStatus();
    },
    onRunFinish(results, elapsedSeconds) {
      terminal.clearStatus();
      terminal.line();
      const errors = failures.filter((f) => f.result.status !== 'warn');
      const warnings = failures.filter((f) => f.result.status === 'warn');
      if (failures.length > 0) {
        terminal.line(errors.length ? c.red(`Completed with ${errors.length} error${errors.length === 1 ? '' : 's'} and ${warnings.length} warning${warnings.length === 1 ? '' : 's'}:`) : c.yellow(`Completed with ${warnings.length} warning${warnings.length === 1 ? '' : 's'}:`));
        for (const { node, result } of failures) {
          terminal.line();
          const head = result.status === 'warn' ? c.yellow(`Warning in ${node.resourceType} ${node.name} (${node.originalFilePath})`) : c.red(`Failure in ${node.resourceType} ${node.name} (${node.originalFilePath})`);
          terminal.line(head);
          if (result.error) for (const l of formatError(result.error).split('\n')) terminal.line(`  ${l}`);
          else if (result.failures !== undefined) terminal.line(`  Got ${result.failures} result${result.failures === 1 ? '' : 's'}, configured to ${result.status} if != 0`);
        }
        terminal.line();
      } else if (results.length > 0) {
        terminal.line(c.green('Completed successfully'));
      }
      const count = (...statuses: string[]): number => statuses.reduce((n, s) => n + (counts.get(s) ?? 0), 0);
      terminal.line(
        `Done in ${elapsedSeconds.toFixed(2)}s. PASS=${count('success', 'pass')} WARN=${count('warn')} ERROR=${count('error', 'fail', 'runtime error')} SKIP=${count('skipped')} TOTAL=${results.length}`,
      );
    },
  };
}
