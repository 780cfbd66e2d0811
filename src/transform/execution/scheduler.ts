/**
 * Runs a set of dependent tasks with at most `threads` in flight. Knows
 * nothing about SQL: a task finishes either passing (its dependants may run)
 * or blocking (its dependants — and theirs — are skipped). When the signal
 * aborts, nothing new starts and every unstarted task is reported skipped.
 */

export interface ScheduledTask {
  id: string;
  /** Ids of other tasks in this schedule that must finish (passing) first. Unknown ids are ignored. */
  dependencies: string[];
  /** Lower runs first among ready tasks (tests of a just-finished model go before the next model). */
  priority: number;
}

export type TaskOutcome = 'passed' | 'blocking';

export interface ScheduleOptions {
  tasks: ScheduledTask[];
  threads: number;
  signal?: AbortSignal;
  /** Runs one task on worker `worker` (1-based slot, stable while the task runs). Must not throw; a throw counts as blocking. */
  run(id: string, worker: number): Promise<TaskOutcome>;
  /** A task that will not run: `because` is the blocking task upstream, or undefined when the run was interrupted. */
  skip(id: string, because: string | undefined): void;
}

export interface ScheduleOutcome {
  interrupted: boolean;
}

export async function runSchedule(options: ScheduleOptions): Promise<ScheduleOutcome> {
  const { tasks, signal } = options;
  const threads = Math.max(1, Math.floor(options.threads) || 1);
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const waitingOn = new Map<string, number>();
  const dependants = new Map<string, string[]>();
  for (const task of tasks) {
    const dependencies = [...new Set(task.dependencies)].filter((id) => id !== task.id && byId.has(id));
    waitingOn.set(task.id, dependencies.length);
    for (const dependency of dependencies) {
      const list = dependants.get(dependency) ?? [];
      list.push(task.id);
      dependants.set(dependency, list);
    }
  }

  const ready: ScheduledTask[] = tasks.filter((task) => waitingOn.get(task.id) === 0);
  const settled = new Set<string>();
  const freeWorkers = Array.from({ length: threads }, (_, index) => threads - index);
  let running = 0;
  let interrupted = false;

  const takeNext = (): ScheduledTask | undefined => {
    if (ready.length === 0) return undefined;
    let best = 0;
    for (let index = 1; index < ready.length; index++) {
      if (ready[index].priority < ready[best].priority) best = index;
    }
    return ready.splice(best, 1)[0];
  };

  /** Skip everything downstream of `id` (transitively), naming `id` as the cause. */
  const skipDownstream = (id: string): void => {
    const stack = [...(dependants.get(id) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (settled.has(next)) continue;
      settled.add(next);
      safeSkip(next, id);
      stack.push(...(dependants.get(next) ?? []));
    }
  };

  const safeSkip = (id: string, because: string | undefined): void => {
    try {
      options.skip(id, because);
    } catch {
      // A reporting failure must not wedge the schedule.
    }
  };

  const release = (id: string): void => {
    for (const dependant of dependants.get(id) ?? []) {
      if (settled.has(dependant)) continue;
      const remaining = (waitingOn.get(dependant) ?? 1) - 1;
      waitingOn.set(dependant, remaining);
      if (remaining === 0) ready.push(byId.get(dependant) as ScheduledTask);
    }
  };

  await new Promise<void>((resolve) => {
    const pump = (): void => {
      if (signal?.aborted) interrupted = true;
      while (!interrupted && running < threads) {
        const task = takeNext();
        if (!task) break;
        if (settled.has(task.id)) continue;
        settled.add(task.id);
        const worker = freeWorkers.pop() as number;
        running++;
        let outcome: Promise<TaskOutcome>;
        try {
          outcome = options.run(task.id, worker);
        } catch {
          outcome = Promise.resolve('blocking');
        }
        outcome
          .catch((): TaskOutcome => 'blocking')
          .then((result) => {
            running--;
            freeWorkers.push(worker);
            if (result === 'blocking') skipDownstream(task.id);
            else release(task.id);
            pump();
          });
      }
      if (running === 0) {
        signal?.removeEventListener('abort', onAbort);
        if (interrupted || ready.length > 0 || settled.size < tasks.length) {
          for (const task of tasks) {
            if (!settled.has(task.id)) {
              settled.add(task.id);
              safeSkip(task.id, undefined);
            }
          }
        }
        resolve();
      }
    };
    const onAbort = (): void => {
      interrupted = true;
    };
    signal?.addEventListener('abort', onAbort);
    pump();
  });

  return { interrupted };
}
