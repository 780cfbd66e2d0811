/** A schedule's upcoming tick times: the scheduler's own `nextTicks`, after its cursor and now. */
import { nextTicks, type Schedule } from '../../orchestrator/index.js';

export function upcomingTicks(schedule: Pick<Schedule, 'cron' | 'timezone' | 'cursor'>, count: number, now: Date): string[] {
  const cursor = new Date(schedule.cursor);
  return nextTicks(schedule, count, cursor.getTime() > now.getTime() ? cursor : now).map((tick) => tick.toISOString());
}
