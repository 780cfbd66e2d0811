/**
 * The orchestrator webserver's settings (`orchestrator.webserver`) and the
 * orchestrator an environment's commands talk to (`environments.<env>.orchestrator`).
 * Tokens are secret references: the manifest names where each token lives,
 * never its value.
 */
import { z } from 'zod';
import { nameSchema, secretRefSchema } from './common-schemas.js';

/** viewer reads; operator also triggers, cancels, re-executes, pauses and registers; admin may do everything. */
export const API_ROLES = ['viewer', 'operator', 'admin'] as const;
export type ApiRole = (typeof API_ROLES)[number];

export const apiTokenSchema = z
  .strictObject({
    name: nameSchema.describe('Who holds the token (e.g. ci, alice); recorded as who triggered a run or registered a version.'),
    role: z.enum(API_ROLES).describe('viewer: read only; operator: also trigger, cancel, re-execute, pause/resume and register products; admin: everything.'),
    token_secret_ref: secretRefSchema.describe('Where the bearer token lives (resolved when the webserver starts).'),
  })
  .describe('One API bearer token.');

export const webserverSchema = z
  .strictObject({
    port: z.number().int().min(1).max(65535).default(3000).describe('Port the webserver listens on (--port / FLOE_PORT override it).'),
    anonymous_read: z.boolean().default(false).describe('Let requests without a token read (viewer rights). Off by default.'),
    tokens: z.array(apiTokenSchema).default([]).describe('API bearer tokens and their roles (FLOE_ADMIN_TOKEN adds one admin token).'),
    ui_dir: z.string().min(1).optional().describe('Folder holding the built web UI (default: ui/dist of the floe installation).'),
  })
  .describe('The orchestrator webserver (REST API and web UI).');

export const orchestratorEndpointSchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/ }).describe('Base URL of the orchestrator webserver, e.g. https://floe.example.com.'),
    token_secret_ref: secretRefSchema.optional().describe('Where the CLI finds its API token (FLOE_TOKEN overrides it).'),
  })
  .describe('The orchestrator this environment runs on: `floe run`, `floe status` and `floe logs` talk to its API.');

export type WebserverSettings = z.infer<typeof webserverSchema>;
export type ApiToken = z.infer<typeof apiTokenSchema>;
export type OrchestratorEndpoint = z.infer<typeof orchestratorEndpointSchema>;
