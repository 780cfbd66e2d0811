/**
 * A schedule's ticks, from its cron expression and time zone (croner). Pure:
 * no timers, no store.
 */
import { Cron } from 'croner';
import type { Schedule } from '../state/index.js';

/** The most due ticks looked at in one evaluation (a long outage of an every-minute schedule is many). */
const MAX_DUE = 10_000;

function cronOf(schedule: Pick<Schedule, 'cron' | 'timezone'>): Cron {
  // No callback: croner only computes, it starts no timer.
  return new Cron(schedule.cron, { timezone: schedule.timezone });
}

/** The next `count` tick times after `after` (default now). */
export function nextTicks(schedule: Pick<Schedule, 'cron' | 'timezone'>, count: number, after: Date = new Date()): Date[] {
  return cronOf(schedule).nextRuns(count, after);
}

/** Ticks after the schedule's cursor and at or before `now`, oldest first (at most 10,000). */
export function dueTicks(schedule: Pick<Schedule, 'cron' | 'timezone' | 'cursor'>, now: Date): Date[] {
  const cron = cronOf(schedule);
  const due: Date[] = [];
  let previous: Date | null = new Date(schedule.cursor);
  while (due.length < MAX_DUE) {
    const next: Date | null = cron.nextRun(previous);
    if (!next || next.getTime() > now.getTime()) break;
    due.push(next);
    previous = next;
  }
  return due;
}

export interface TickDecision {
  /** The tick to run, if any. */
  run?: Date;
  /** Ticks to record as skipped, oldest first. */
  skip: Date[];
}

/**
 * What to do with the due ticks. A tick seen within `lateAfterMs` of its time
 * is on time and runs. Late ones were missed (no daemon ran): `latest` runs
 * only the newest due tick and skips the others, `skip` runs none of them.
 */
export function decideTicks(due: Date[], now: Date, catchUp: Schedule['catchUp'], lateAfterMs: number): TickDecision {
  if (due.length === 0) return { skip: [] };
  const newest = due[due.length - 1];
  const onTime = now.getTime() - newest.getTime() <= lateAfterMs;
  if (onTime || catchUp === 'latest') return { run: newest, skip: due.slice(0, -1) };
  return { skip: due };
}
