/**
 * Listener handlers are synchronous, state and lineage writes are not: writes
 * go through this queue so they land in the order the events happened, and
 * the run waits for them (`drain`) before it records its end. A failed write
 * is remembered, not thrown, so a slow or broken store never breaks the run
 * in the middle of a node.
 */
export class OrderedWrites {
  private tail: Promise<void> = Promise.resolve();
  readonly failures: unknown[] = [];

  enqueue(write: () => Promise<unknown>): void {
    this.tail = this.tail.then(write).then(
      () => undefined,
      (error: unknown) => {
        this.failures.push(error);
      },
    );
  }

  /** Resolves once every write enqueued so far is done. */
  async drain(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.tail;
      await seen;
    } while (seen !== this.tail);
  }
}
