/**
 * The data-mesh sensor: when a run of an upstream product succeeds and built
 * the model behind one of its output ports, the downstream product that
 * lists that port in `input_ports` runs. One downstream run per upstream run
 * (the tick key is the upstream run's id), however often it is evaluated.
 * The cursor is the finish time read up to; reads look back a little before
 * it, so a run finished by a host whose clock is slightly behind is not lost
 * (the tick key drops the repeats).
 */
import type { FloeLogger } from '../../observability/index.js';
import { runInputForVersion } from '../queue/run-input.js';
import type { LeaderFence, Run, Sensor, StateStore } from '../state/index.js';

export interface EvaluateSensorsOptions {
  now: Date;
  fence?: LeaderFence;
  /** How far before the cursor finished runs are read again. Default 60 s. */
  lookbackMs?: number;
  logger?: FloeLogger;
}

interface PortNodes {
  /** port name → the unique id of the model behind it */
  [port: string]: string;
}

export async function evaluateInputPortSensors(store: StateStore, options: EvaluateSensorsOptions): Promise<Run[]> {
  const { now, fence } = options;
  const sensors = (await store.instigators.listSensors()).filter((sensor) => sensor.enabled && !sensor.paused);
  if (sensors.length === 0) return [];
  const products = await store.products.listProducts();
  const nameOf = new Map<string, string>();
  for (const product of products) {
    nameOf.set(product.name, product.name);
    nameOf.set(product.productId, product.name);
  }
  const portsByDigest = new Map<string, PortNodes>();
  const portNodes = async (run: Run): Promise<PortNodes> => {
    const digest = run.bundleDigest ?? products.find((product) => product.name === run.product)?.latest.digest;
    if (!digest) return {};
    let ports = portsByDigest.get(digest);
    if (!ports) {
      const artifacts = (await store.products.getVersionArtifacts(run.product, digest)) as { output_ports?: Array<{ name: string; node: string }> } | undefined;
      ports = Object.fromEntries((artifacts?.output_ports ?? []).map((port) => [port.name, port.node]));
      portsByDigest.set(digest, ports);
    }
    return ports;
  };

  const submitted: Run[] = [];
  for (const sensor of sensors) {
    try {
      submitted.push(...(await evaluateSensor(store, sensor, { now, fence, lookbackMs: options.lookbackMs ?? 60_000, nameOf, portNodes })));
    } catch (error) {
      if ((error as { code?: unknown }).code === 'FLOE_STATE_FENCED') throw error;
      options.logger?.error({ err: error, sensor: sensor.id }, 'evaluating a sensor failed');
    }
  }
  return submitted;
}

async function evaluateSensor(
  store: StateStore,
  sensor: Sensor,
  context: { now: Date; fence?: LeaderFence; lookbackMs: number; nameOf: Map<string, string>; portNodes: (run: Run) => Promise<PortNodes> },
): Promise<Run[]> {
  const cursor = typeof sensor.cursor?.finishedAfter === 'string' ? sensor.cursor.finishedAfter : undefined;
  if (!cursor) {
    // A new sensor starts from now: what finished before it existed does not trigger it.
    await store.instigators.setSensorCursor(sensor.id, { finishedAfter: context.now.toISOString() }, context.fence);
    return [];
  }
  const inputs = sensor.inputs.map((input) => ({ product: context.nameOf.get(input.product) ?? input.product, port: input.port }));
  const upstream = new Set(inputs.map((input) => input.product));
  const from = new Date(Date.parse(cursor) - context.lookbackMs).toISOString();
  const finished = (await store.queue.listFinishedRuns({ finishedAfter: from, statuses: ['SUCCESS'] })).filter((run) => upstream.has(run.product) && run.product !== sensor.product);
  const submitted: Run[] = [];
  let readUpTo = cursor;
  for (const run of finished) {
    if (run.finishedAt && run.finishedAt > readUpTo) readUpTo = run.finishedAt;
    const ports = await context.portNodes(run);
    const wanted = inputs.filter((input) => input.product === run.product && ports[input.port]).map((input) => ports[input.port]);
    if (wanted.length === 0) continue;
    const steps = await store.getSteps(run.id);
    const built = wanted.filter((node) => steps.some((step) => step.uniqueId === node && step.status === 'SUCCESS'));
    if (built.length === 0) continue;
    const version = await store.products.findVersion(sensor.product, { environment: sensor.environment });
    if (!version) continue;
    const result = await store.instigators.submitTick({
      instigatorId: sensor.id,
      tickKey: run.id,
      cursor: { finishedAfter: readUpTo },
      run: runInputForVersion(version, 'sensor', { parentRunId: null }),
      ...(context.fence ? { fence: context.fence } : {}),
    });
    if (result.run) submitted.push(result.run);
  }
  if (readUpTo !== cursor) await store.instigators.setSensorCursor(sensor.id, { finishedAfter: readUpTo }, context.fence);
  return submitted;
}
