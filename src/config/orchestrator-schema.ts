/** How the orchestrator daemon schedules, limits, retries and launches runs. */
import { z } from 'zod';
import { webserverSchema } from './webserver-schema.js';

const duration = z
  .number()
  .int()
  .min(1);

export const orchestratorSchema = z
  .strictObject({
    daemon: z
      .strictObject({
        mode: z.enum(['single', 'ha']).default('single').describe('single: one daemon; ha: several with leader election.'),
        restart_timeout: duration.default(30).describe('Seconds a stopped daemon has to come back before another takes over.'),
        health_check_interval: duration.default(10).describe('Seconds between daemon health checks.'),
      })
      .default({ mode: 'single', restart_timeout: 30, health_check_interval: 10 })
      .describe('The scheduler/launcher daemon.'),
    concurrency: z
      .strictObject({
        max_runs: z.number().int().min(1).default(10).describe('Runs in progress at once, across all products.'),
        per_product: z.number().int().min(1).default(1).describe('Runs in progress at once for one product.'),
      })
      .default({ max_runs: 10, per_product: 1 })
      .describe('Run concurrency limits.'),
    retry: z
      .strictObject({
        max_attempts: z.number().int().min(1).max(100).default(1).describe('Attempts per run, including the first (1 = no retry).'),
        backoff_seconds: z.number().min(0).default(30).describe('Seconds before the first retry; doubles for each further one.'),
        retry_on: z
          .array(z.enum(['step', 'infrastructure', 'timeout']))
          .default(['step', 'infrastructure', 'timeout'])
          .describe('Which failures are retried: a node failed (`step`), the job died around it (`infrastructure`: process, pod, eviction, OOM, lost heartbeat), or it ran past `run_timeout` (`timeout`).'),
      })
      .default({ max_attempts: 1, backoff_seconds: 30, retry_on: ['step', 'infrastructure', 'timeout'] })
      .describe('Retry policy for failed runs.'),
    run_timeout: duration.default(14400).describe('Seconds a run may take before it fails with a timeout (a Kubernetes Job\'s activeDeadlineSeconds).'),
    launcher: z
      .enum(['in-process', 'subprocess', 'kubernetes'])
      .default('in-process')
      .describe('How a run is started: in the daemon process, as a child process, or as a Kubernetes Job.'),
    webserver: webserverSchema.default(() => webserverSchema.parse({})),
  })
  .describe('Orchestrator settings.');

export type OrchestratorSettings = z.infer<typeof orchestratorSchema>;
