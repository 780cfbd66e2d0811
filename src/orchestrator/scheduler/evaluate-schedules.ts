/**
 * One pass of the scheduler: for every active schedule, its due ticks become
 * one run (the tick's unique key in the store makes it exactly one, whoever
 * evaluates it) or skipped ticks, per the catch-up policy. Returns when the
 * next tick of any schedule is due, so the daemon can sleep until then.
 */
import type { FloeLogger } from '../../observability/index.js';
import { runInputForVersion } from '../queue/run-input.js';
import type { LeaderFence, Run, Schedule, StateStore } from '../state/index.js';
import { decideTicks, dueTicks, nextTicks } from './schedule-ticks.js';

export interface ScheduleEvaluation {
  submitted: Run[];
  /** The earliest next tick of an active schedule, if any. */
  nextTickAt?: Date;
}

export interface EvaluateSchedulesOptions {
  now: Date;
  fence?: LeaderFence;
  /** A tick seen later than this after its time was missed (catch-up policy). Default 60 s. */
  lateAfterMs?: number;
  logger?: FloeLogger;
}

function active(schedule: Schedule): boolean {
  return schedule.enabled && !schedule.paused;
}

export async function evaluateSchedules(store: StateStore, options: EvaluateSchedulesOptions): Promise<ScheduleEvaluation> {
  const { now, fence } = options;
  const submitted: Run[] = [];
  let nextTickAt: Date | undefined;
  for (const schedule of (await store.instigators.listSchedules()).filter(active)) {
    try {
      const decision = decideTicks(dueTicks(schedule, now), now, schedule.catchUp, options.lateAfterMs ?? 60_000);
      if (decision.skip.length > 0) {
        await store.instigators.skipTicks({ scheduleId: schedule.id, lastSkipped: decision.skip[decision.skip.length - 1], count: decision.skip.length, reason: `missed while no daemon ran (catch-up policy ${schedule.catchUp})`, ...(fence ? { fence } : {}) });
      }
      if (decision.run) {
        const version = await store.products.findVersion(schedule.product, { environment: schedule.environment });
        if (version) {
          const result = await store.instigators.submitTick({
            instigatorId: schedule.id,
            tickKey: decision.run.toISOString(),
            scheduledFor: decision.run,
            cursor: decision.run.toISOString(),
            run: runInputForVersion(version, 'schedule'),
            ...(fence ? { fence } : {}),
          });
          if (result.run) submitted.push(result.run);
        }
      }
      const [next] = nextTicks(schedule, 1, now);
      if (next && (!nextTickAt || next < nextTickAt)) nextTickAt = next;
    } catch (error) {
      if ((error as { code?: unknown }).code === 'FLOE_STATE_FENCED') throw error;
      options.logger?.error({ err: error, schedule: schedule.id }, 'evaluating a schedule failed');
    }
  }
  return { submitted, ...(nextTickAt ? { nextTickAt } : {}) };
}
