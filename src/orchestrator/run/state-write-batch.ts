/**
 * A run's step rows and events, written in batches. A node produces half a
 * dozen writes (RUNNING, a start event, its statements, its outcome, a finish
 * event); one transaction each cost a few milliseconds per node on the main
 * thread, between one node and the next. Here what is recorded within
 * BATCH_DELAY_MS goes out together, as one `upsertSteps` (which merges a step
 * named twice, later fields winning) and one `appendEvents` (in order),
 * through the run's ordered write queue. Step rows go first so a reader that
 * sees an event also sees its step. Step times come from the engine's results
 * and events are stamped when recorded, so batching moves no timestamp.
 */
import type { EventInput, StateStore, StepInput } from '../state/index.js';
import type { OrderedWrites } from './ordered-writes.js';

/** Short next to how often `floe logs --follow` looks (1 s), long next to a small node. */
export const BATCH_DELAY_MS = 50;

export class StateWriteBatch {
  private steps: StepInput[] = [];
  private events: EventInput[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly writes: OrderedWrites,
    private readonly store: StateStore,
    private readonly runId: string,
  ) {}

  upsertSteps(steps: StepInput[]): void {
    this.steps.push(...steps);
    this.schedule();
  }

  /** Stamped now, when they happen, not when their batch is written. */
  appendEvents(events: EventInput[]): void {
    const now = new Date();
    for (const event of events) this.events.push(event.timestamp === undefined ? { ...event, timestamp: now } : event);
    this.schedule();
  }

  /** Queues what is pending now (the run calls this before it waits for its writes). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const steps = this.steps;
    const events = this.events;
    if (steps.length === 0 && events.length === 0) return;
    this.steps = [];
    this.events = [];
    this.writes.enqueue(async () => {
      let failure: unknown;
      if (steps.length > 0) await this.store.upsertSteps(this.runId, steps).catch((error: unknown) => (failure = error));
      // A failed step write must not also lose the events (they are what `floe logs` shows about it).
      if (events.length > 0) await this.store.appendEvents(this.runId, events).catch((error: unknown) => (failure ??= error));
      if (failure !== undefined) throw failure;
    });
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), BATCH_DELAY_MS);
  }
}
