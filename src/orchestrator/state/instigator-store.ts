/**
 * Schedules and sensors ("instigators"), their cursors and ticks. Submitting
 * a tick records the tick and creates its run in one transaction; the tick's
 * key is unique per instigator, so a tick gives exactly one run however many
 * daemons evaluate it, before or after a restart.
 */
import type { CreateRunInput } from './state-store.js';
import type { JsonObject, Run } from './records.js';
import type { LeaderFence, Schedule, Sensor, Tick } from './service-records.js';

export interface SubmitTickInput {
  instigatorId: string;
  /** Unique per instigator (a schedule's tick time, a sensor's upstream run id). */
  tickKey: string;
  /** The run to create (its instigator and scheduled time are filled in). */
  run: CreateRunInput;
  /** A schedule's tick time. */
  scheduledFor?: Date | null;
  /** The instigator's cursor after this tick (a schedule's: the tick time; a sensor's: its JSON). */
  cursor?: string | JsonObject;
  fence?: LeaderFence;
}

export interface SubmitTickResult {
  /** The run created, or undefined when the tick had already been submitted. */
  run?: Run;
  tick: Tick;
  duplicate: boolean;
}

export interface SkipTicksInput {
  scheduleId: string;
  /** The latest tick skipped; the cursor moves to it. */
  lastSkipped: Date;
  count: number;
  reason: string;
  fence?: LeaderFence;
}

export interface InstigatorStore {
  listSchedules(filter?: { product?: string }): Promise<Schedule[]>;
  getSchedule(id: string): Promise<Schedule | undefined>;
  /** FLOE_STATE_INSTIGATOR_NOT_FOUND when there is no such schedule. */
  setSchedulePaused(id: string, paused: boolean, by?: string | null): Promise<Schedule>;
  listSensors(filter?: { product?: string }): Promise<Sensor[]>;
  getSensor(id: string): Promise<Sensor | undefined>;
  setSensorPaused(id: string, paused: boolean, by?: string | null): Promise<Sensor>;

  submitTick(input: SubmitTickInput): Promise<SubmitTickResult>;
  /** Records skipped schedule ticks (one SKIPPED tick row for all of them) and moves the cursor past them. */
  skipTicks(input: SkipTicksInput): Promise<void>;
  /** Moves a schedule's cursor forward (never back). */
  advanceScheduleCursor(id: string, cursor: Date, fence?: LeaderFence): Promise<void>;
  setSensorCursor(id: string, cursor: JsonObject, fence?: LeaderFence): Promise<void>;
  /** Newest first; default 20, at most 1000. */
  listTicks(instigatorId: string, options?: { limit?: number }): Promise<Tick[]>;
}
