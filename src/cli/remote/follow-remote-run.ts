/**
 * Following a run on an orchestrator with the same per-node output as a
 * local run: the run's live event tail (transform.started, step.started,
 * step.finished) is turned back into the printer's calls, with each node
 * described from the product's node graph and the run's steps.
 */
import { FloeError } from '../../errors/index.js';
import { isTerminalRunStatus } from '../../orchestrator/index.js';
import type { ApiProductDetail, ApiRun, ApiRunEvent, ApiStep } from '../../server/index.js';
import type { NodeStatus } from '../../transform/index.js';
import type { PrintedNode, PrintedResult, RunPrinter } from '../output/run-printer.js';
import type { OrchestratorClient } from './orchestrator-client.js';

const RESULT_STATUS: Record<string, NodeStatus> = { SUCCESS: 'success', ERROR: 'error', SKIPPED: 'skipped', PASS: 'pass', WARN: 'warn', FAIL: 'fail' };

interface TransformInProgress {
  name: string;
  nodes: Map<string, PrintedNode>;
  finished: number;
  results: PrintedResult[];
  startedAt: number;
  lastAt: number;
}

export interface FollowOptions {
  /** Aborting asks the orchestrator to cancel the run, then keeps following until it ends. */
  signal?: AbortSignal;
  onCancelRequested?(): void;
}

/** The graph's nodes (and the tests under them) by unique id, with the transform each belongs to. */
function graphNodes(detail: ApiProductDetail | undefined): Map<string, { transform: string; node: PrintedNode }> {
  const nodes = new Map<string, { transform: string; node: PrintedNode }>();
  for (const transform of detail?.transforms ?? []) {
    for (const node of transform.nodes) {
      nodes.set(node.uniqueId, {
        transform: transform.name,
        node: {
          uniqueId: node.uniqueId,
          name: node.name,
          resourceType: node.resourceType as PrintedNode['resourceType'],
          originalFilePath: node.originalFilePath,
          ...(node.relation ? { relation: { schema: node.relation.schema, identifier: node.relation.identifier } } : {}),
          config: { ...(node.materialized ? { materialized: node.materialized } : {}) },
        },
      });
      for (const test of node.tests) {
        if (!nodes.has(test)) nodes.set(test, { transform: transform.name, node: { uniqueId: test, name: test.split('.').slice(2).join('.') || test, resourceType: 'test', originalFilePath: node.originalFilePath, config: { materialized: 'test' } } });
      }
    }
  }
  return nodes;
}

function nodeOf(step: ApiStep | undefined, known: { node: PrintedNode } | undefined, uniqueId: string): PrintedNode {
  if (known) return { ...known.node, ...(step ? { name: step.name } : {}) };
  return { uniqueId, name: step?.name ?? uniqueId, resourceType: (step?.resourceType ?? 'model') as PrintedNode['resourceType'], originalFilePath: '', config: {} };
}

/** Follows the run to its end, printing as a local run does; returns the finished run. */
export async function followRemoteRun(client: OrchestratorClient, run: ApiRun, printer: RunPrinter, options: FollowOptions = {}): Promise<ApiRun> {
  const detail = await client.getProduct(run.product, run.bundleDigest ? { version: run.bundleDigest } : {}).catch(() => undefined);
  const graph = graphNodes(detail);
  let steps = new Map<string, ApiStep>();
  let current: TransformInProgress | undefined;
  let finalRun = run;

  const refreshSteps = async (): Promise<void> => {
    steps = new Map((await client.getSteps(run.id)).steps.map((step) => [step.uniqueId, step]));
  };
  const finishTransform = (): void => {
    if (!current) return;
    printer.onRunFinish(current.results, (current.lastAt - current.startedAt) / 1000);
    current = undefined;
  };

  const stopFollowing = new AbortController();
  const onAbort = (): void => {
    options.onCancelRequested?.();
    client.cancelRun(run.id).catch(() => stopFollowing.abort());
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const item of client.followRun(run.id, { signal: stopFollowing.signal })) {
      if (item.kind === 'end') {
        finalRun = item.run;
        break;
      }
      if (item.kind === 'run') {
        finalRun = item.run;
        continue;
      }
      const event: ApiRunEvent = item.event;
      const at = Date.parse(event.timestamp);
      if (event.kind === 'transform.started') {
        finishTransform();
        await refreshSteps();
        const name = String(event.data?.transform ?? '');
        const nodes = new Map<string, PrintedNode>();
        for (const [uniqueId, step] of steps) {
          const known = graph.get(uniqueId);
          if (!known || known.transform === name || graph.size === 0) nodes.set(uniqueId, nodeOf(step, known, uniqueId));
        }
        current = { name, nodes, finished: 0, results: [], startedAt: at, lastAt: at };
        printer.onRunStart({ nodes: [...nodes.values()], threads: Number(event.data?.threads ?? 1), adapter: { type: String(event.data?.engine ?? 'unknown') } });
      } else if (event.kind === 'step.started' && current && event.step) {
        printer.onNodeStart(current.nodes.get(event.step) ?? nodeOf(steps.get(event.step), graph.get(event.step), event.step));
      } else if (event.kind === 'step.finished' && current && event.step) {
        const data = event.data ?? {};
        const status = RESULT_STATUS[String(data.status)] ?? 'error';
        // The event's message is "<STATUS>: <error or the adapter's message>".
        const text = event.message.replace(/^[A-Z]+: /, '');
        const failed = status === 'error' || status === 'fail';
        const result: PrintedResult = {
          status,
          message: failed ? text : text.split('\n')[0],
          executionTime: Number(data.durationMs ?? 0) / 1000,
          ...(typeof data.failures === 'number' ? { failures: data.failures } : {}),
          ...(status === 'error' ? { error: new FloeError(typeof data.errorCode === 'string' ? data.errorCode : 'FLOE_NODE_FAILED', text) } : {}),
        };
        current.finished += 1;
        current.results.push(result);
        current.lastAt = at;
        printer.onNodeFinish(current.nodes.get(event.step) ?? nodeOf(steps.get(event.step), graph.get(event.step), event.step), result, current.finished, Math.max(current.nodes.size, current.finished));
      }
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  finishTransform();
  // The tail ends with the finished run; if it broke off early, ask for the run as it is now.
  return isTerminalRunStatus(finalRun.status) ? finalRun : client.getRun(run.id);
}
