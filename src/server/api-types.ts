/**
 * The API's shapes as TypeScript types, inferred from the same zod schemas
 * that validate requests, serialize responses and feed the OpenAPI
 * document — for clients (the CLI's remote commands) to import as types only.
 */
import type { z } from 'zod';
import type { problemSchema } from './problems/problem-document.js';
import type { assetHistorySchema, assetListSchema, productDetailSchema, productListSchema, productVersionListSchema, registeredVersionSchema } from './schemas/product-schemas.js';
import type { daemonStatusSchema, nextTicksSchema, scheduleListSchema, scheduleSchema, sensorListSchema, sensorSchema, tickListSchema } from './schemas/instigator-schemas.js';
import type { runEventListSchema, runEventSchema, runListSchema, runResultsSchema, runSchema, stepListSchema, stepSchema, triggerRunBodySchema } from './schemas/run-schemas.js';
import type { whoAmISchema } from './schemas/service-schemas.js';

export type ApiRun = z.output<typeof runSchema>;
export type ApiRunList = z.output<typeof runListSchema>;
export type ApiStep = z.output<typeof stepSchema>;
export type ApiStepList = z.output<typeof stepListSchema>;
export type ApiRunEvent = z.output<typeof runEventSchema>;
export type ApiRunEventList = z.output<typeof runEventListSchema>;
export type ApiRunResults = z.output<typeof runResultsSchema>;
export type ApiTriggerRunRequest = z.input<typeof triggerRunBodySchema>;
export type ApiProductList = z.output<typeof productListSchema>;
export type ApiProductDetail = z.output<typeof productDetailSchema>;
export type ApiProductVersionList = z.output<typeof productVersionListSchema>;
export type ApiRegisteredVersion = z.output<typeof registeredVersionSchema>;
export type ApiAssetList = z.output<typeof assetListSchema>;
export type ApiAssetHistory = z.output<typeof assetHistorySchema>;
export type ApiSchedule = z.output<typeof scheduleSchema>;
export type ApiScheduleList = z.output<typeof scheduleListSchema>;
export type ApiNextTicks = z.output<typeof nextTicksSchema>;
export type ApiSensor = z.output<typeof sensorSchema>;
export type ApiSensorList = z.output<typeof sensorListSchema>;
export type ApiTickList = z.output<typeof tickListSchema>;
export type ApiDaemonStatus = z.output<typeof daemonStatusSchema>;
export type ApiWhoAmI = z.output<typeof whoAmISchema>;
export type ApiProblem = z.output<typeof problemSchema>;
