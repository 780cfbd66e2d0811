/** A schedule's upcoming tick times: croner over its cron and time zone, after its cursor and now. */
import { Cron } from 'croner';
import type { Schedule } from '../../orchestrator/index.js';

export function upcomingTicks(schedule: Pick<Schedule, 'cron' | 'timezone' | 'cursor'>, count: number, now: Date): string[] {
  const cursor = new Date(schedule.cursor);
  const after = cursor.getTime() > now.getTime() ? cursor : now;
  const cron = new Cron(schedule.cron, { timezone: schedule.timezone, paused: true });
  try {
    return cron.nextRuns(count, after).map((tick) => tick.toISOString());
  } finally {
    cron.stop();
  }
}
