/** The API's view of schedules, sensors, their ticks, and the daemon that evaluates them. */
import { z } from 'zod';
import { CATCH_UP_POLICIES, DAEMON_ROLES, SENSOR_KINDS, TICK_STATUSES } from '../../orchestrator/index.js';
import { jsonObjectSchema, timestampSchema } from './common-schemas.js';

export const scheduleSchema = z
  .object({
    id: z.string().describe('<product>:<environment>.'),
    product: z.string().describe('The product it runs.'),
    environment: z.string().describe('The environment it runs in.'),
    cron: z.string().describe('Cron expression.'),
    timezone: z.string().describe('IANA time zone the cron reads in.'),
    catchUp: z.enum(CATCH_UP_POLICIES).describe('After an outage: skip missed ticks, or run the latest.'),
    enabled: z.boolean().describe('False when the product’s latest version disables it or has none.'),
    paused: z.boolean().describe('Paused by an operator.'),
    pausedBy: z.string().nullable().describe('Who paused it.'),
    cursor: timestampSchema.describe('Ticks at or before this time are settled.'),
    createdAt: timestampSchema.describe('When it was first registered.'),
    updatedAt: timestampSchema.describe('When it last changed.'),
    nextTicks: z.array(timestampSchema).describe('The next tick times after the cursor and now (empty when paused or disabled).'),
  })
  .describe('A product’s cron schedule in one environment.')
  .meta({ id: 'Schedule' });

export const scheduleListSchema = z.object({ schedules: z.array(scheduleSchema).describe('By id.') }).describe('Schedules.').meta({ id: 'ScheduleList' });

export const nextTicksSchema = z
  .object({ id: z.string().describe('The schedule.'), timezone: z.string().describe('The zone the ticks were computed in.'), ticks: z.array(timestampSchema).describe('Upcoming tick times, soonest first (UTC).') })
  .describe('A schedule’s upcoming ticks.')
  .meta({ id: 'NextTicks' });

export const sensorSchema = z
  .object({
    id: z.string().describe('<product>:<environment>:input_ports.'),
    product: z.string().describe('The product it runs.'),
    environment: z.string().describe('The environment it runs in.'),
    kind: z.enum(SENSOR_KINDS).describe('What it watches.'),
    inputs: z.array(z.object({ product: z.string().describe('The upstream product.'), port: z.string().describe('Its output port.') })).describe('The output ports it watches.'),
    enabled: z.boolean().describe('Whether the product’s latest version still declares it.'),
    paused: z.boolean().describe('Paused by an operator.'),
    pausedBy: z.string().nullable().describe('Who paused it.'),
    cursor: jsonObjectSchema.nullable().describe('Where it has read up to.'),
    createdAt: timestampSchema.describe('When it was first registered.'),
    updatedAt: timestampSchema.describe('When it last changed.'),
  })
  .describe('Runs a product when an upstream product’s output port is materialized.')
  .meta({ id: 'Sensor' });

export const sensorListSchema = z.object({ sensors: z.array(sensorSchema).describe('By id.') }).describe('Sensors.').meta({ id: 'SensorList' });

export const tickSchema = z
  .object({
    id: z.number().int().describe('Tick id.'),
    instigatorId: z.string().describe('The schedule or sensor.'),
    tickKey: z.string().describe('Unique per instigator: the tick time, or the upstream run.'),
    kind: z.enum(['schedule', 'sensor']).describe('Schedule or sensor tick.'),
    scheduledFor: timestampSchema.nullable().describe('A schedule tick’s time.'),
    status: z.enum(TICK_STATUSES).describe('SUBMITTED a run, or SKIPPED.'),
    runId: z.string().nullable().describe('The run it submitted.'),
    reason: z.string().nullable().describe('Why it was skipped.'),
    term: z.number().nullable().describe('The leader term that recorded it.'),
    createdAt: timestampSchema.describe('When it was recorded.'),
  })
  .describe('One evaluation of a schedule or sensor that did something.')
  .meta({ id: 'Tick' });

export const tickListSchema = z.object({ ticks: z.array(tickSchema).describe('Newest first.') }).describe('Recent ticks.').meta({ id: 'TickList' });

export const daemonStatusSchema = z
  .object({
    now: timestampSchema.describe('The store’s clock when read.'),
    leader: z
      .object({
        name: z.string().describe('The lease name.'),
        holder: z.string().nullable().describe('The daemon holding it; null when released.'),
        term: z.number().describe('Increases with every change of holder.'),
        acquiredAt: timestampSchema.nullable().describe('When the holder took it.'),
        renewedAt: timestampSchema.nullable().describe('When it was last renewed.'),
        expiresAt: timestampSchema.nullable().describe('When it lapses unless renewed.'),
        expired: z.boolean().describe('Whether it has lapsed.'),
      })
      .nullable()
      .describe('The leader lease (ha mode); null when no daemon holds one.'),
    daemons: z
      .array(
        z.object({
          id: z.string().describe('Unique per daemon process.'),
          hostname: z.string().describe('Its host.'),
          pid: z.number().int().describe('Its process id.'),
          mode: z.enum(['single', 'ha']).describe('Its mode.'),
          role: z.enum(DAEMON_ROLES).describe('single, leader, standby or stopped.'),
          term: z.number().nullable().describe('The term it leads in.'),
          version: z.string().describe('Its floe version.'),
          startedAt: timestampSchema.describe('When it started.'),
          heartbeatAt: timestampSchema.describe('Its last heartbeat.'),
          stoppedAt: timestampSchema.nullable().describe('When it stopped.'),
          ageSeconds: z.number().describe('Seconds since its last heartbeat.'),
        }),
      )
      .describe('Daemons that heart-beat recently, newest first.'),
    heartbeatAgeSeconds: z.number().nullable().describe('Age of the freshest heartbeat; null when no daemon ever beat.'),
  })
  .describe('The daemon: leader, term and heartbeat age.')
  .meta({ id: 'DaemonStatus' });

export const instigatorIdParamsSchema = z.strictObject({ id: z.string().min(1).max(300).describe('The schedule or sensor id.') });
